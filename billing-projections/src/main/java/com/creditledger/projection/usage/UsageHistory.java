package com.creditledger.projection.usage;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static com.creditledger.projection.EventPosition.utc;

/** Reads an account's usage history, newest first, a page at a time. */
@Component
public class UsageHistory {

    private static final TypeReference<Map<String, Long>> PARAMS = new TypeReference<>() {
    };
    private static final String WHERE = """
             where account_id = :account
               and (cast(:from as timestamptz) is null or occurred_at >= cast(:from as timestamptz))
               and (cast(:to as timestamptz) is null or occurred_at < cast(:to as timestamptz))
               and (cast(:toolkit as varchar) is null or toolkit = cast(:toolkit as varchar))
               and (cast(:tool as varchar) is null or tool = cast(:tool as varchar))
            """;

    private final JdbcClient jdbc;
    private final JdbcClient cursor;
    private final ObjectMapper json;

    public UsageHistory(JdbcClient jdbc, JdbcTemplate template, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        // in a transaction PostgreSQL then sends rows a thousand at a time, not all at once
        JdbcTemplate fetching = new JdbcTemplate(template.getDataSource());
        fetching.setFetchSize(1000);
        this.cursor = JdbcClient.create(fetching);
    }

    public UsagePage find(UsageFilter filter) {
        long total = bind(jdbc.sql("select count(*) from read_usage_entry" + WHERE), filter).query(Long.class).single();
        List<UsageEntry> items = bind(jdbc.sql("select * from read_usage_entry" + WHERE
                        + " order by occurred_at desc, global_index desc limit :limit offset :offset"), filter)
                .param("limit", filter.size())
                .param("offset", (long) filter.page() * filter.size())
                .query((rs, row) -> read(rs))
                .list();
        return new UsagePage(items, filter.page(), filter.size(), total);
    }

    /**
     * Every entry of the filter, its page and size aside, newest first, one at a time; the caller's
     * transaction lets them come from a cursor, so any number passes through in constant memory.
     */
    public void forEach(UsageFilter filter, Consumer<UsageEntry> consumer) {
        bind(cursor.sql("select * from read_usage_entry" + WHERE + " order by occurred_at desc, global_index desc"), filter)
                .query((RowCallbackHandler) rs -> consumer.accept(read(rs)));
    }

    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, UsageFilter filter) {
        return statement.param("account", filter.accountId())
                .param("from", utc(filter.from()))
                .param("to", utc(filter.to()))
                .param("toolkit", filter.toolkit())
                .param("tool", filter.tool());
    }

    private UsageEntry read(ResultSet rs) throws SQLException {
        try {
            return new UsageEntry(rs.getString("job_id"), rs.getString("kind"), rs.getString("tool"), rs.getString("toolkit"),
                    json.readValue(rs.getString("params"), PARAMS), rs.getString("catalog_version"), rs.getLong("credits"),
                    rs.getLong("from_subscription"), rs.getLong("from_top_up"), rs.getTimestamp("occurred_at").toInstant(),
                    rs.getLong("global_index"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
