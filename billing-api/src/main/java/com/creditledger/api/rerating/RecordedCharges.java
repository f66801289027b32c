package com.creditledger.api.rerating;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;

/** The charges of a period, read from the usage projection with a cursor. */
@Component
public class RecordedCharges {

    /*
     * Sorted by account so that the fold keeps one account at a time. The "C" collation sorts by
     * bytes: cheaper than a linguistic one, and for the ASCII ids accounts have it is the order of
     * String.compareTo, which the fold checks. Captured holds land here as CHARGE rows too.
     */
    private static final String SQL = """
            select account_id, job_id, tool, toolkit, params::text, catalog_version, credits
            from read_usage_entry
            where kind = 'CHARGE' and occurred_at >= ? and occurred_at < ?
            order by account_id collate "C"
            """;
    private static final int FETCH_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final ObjectReader params;

    public RecordedCharges(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.params = json.readerFor(new TypeReference<Map<String, Long>>() {
        });
    }

    /**
     * Streams the charges that occurred in {@code [from, to)}, grouped by account in ascending id
     * order. PostgreSQL streams through a cursor only inside a transaction, so the caller must
     * hold one; without it every row would be loaded first.
     */
    public void read(Instant from, Instant to, Consumer<RecordedCharge> consumer) {
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(SQL);
            statement.setFetchSize(FETCH_SIZE);
            statement.setObject(1, from.atOffset(ZoneOffset.UTC));
            statement.setObject(2, to.atOffset(ZoneOffset.UTC));
            return statement;
        }, (RowCallbackHandler) rs -> consumer.accept(charge(rs)));
    }

    private RecordedCharge charge(ResultSet rs) throws SQLException {
        try {
            return new RecordedCharge(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    params.readValue(rs.getString(5)), rs.getString(6), rs.getLong(7));
        } catch (IOException e) {
            throw new UncheckedIOException("the params of job " + rs.getString(2) + " are not an object of whole numbers", e);
        }
    }
}
