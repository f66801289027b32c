package com.creditledger.projection.balance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the balance view. */
@Component
public class Balances {

    private final JdbcClient jdbc;

    public Balances(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<AccountBalance> find(String accountId) {
        return jdbc.sql("select * from read_balance_view where account_id = :account")
                .param("account", accountId)
                .query((rs, row) -> read(rs))
                .optional();
    }

    /** A page of accounts in id order. */
    public record AccountPage(List<AccountBalance> items, int page, int size, long totalItems) {
    }

    /**
     * The accounts whose id starts with {@code prefix}, in byte order of their ids. Ids are ASCII
     * letters, digits and {@code . _ : -}, all below '~', so [prefix, prefix + "~") holds exactly
     * the ids with that prefix, a range of the index of migration V140 (a LIKE would need its
     * wildcard '_', which ids contain, escaped).
     */
    public AccountPage page(String prefix, int page, int size) {
        String range = " from read_balance_view where account_id collate \"C\" >= :prefix and account_id collate \"C\" < :end";
        long total = jdbc.sql("select count(*)" + range)
                .param("prefix", prefix).param("end", prefix + "~")
                .query(Long.class).single();
        List<AccountBalance> items = jdbc.sql("select *" + range + " order by account_id collate \"C\" limit :limit offset :offset")
                .param("prefix", prefix).param("end", prefix + "~")
                .param("limit", size).param("offset", (long) page * size)
                .query((rs, row) -> read(rs))
                .list();
        return new AccountPage(items, page, size, total);
    }

    /** Credits held for running jobs across all accounts, by kind, and how many accounts hold any. */
    public record HeldCredits(long accounts, long subscription, long topUp) {
    }

    public HeldCredits held() {
        // the predicate is the partial index's, so only accounts that hold something are read
        return jdbc.sql("""
                        select count(*) as accounts, coalesce(sum(held_subscription), 0) as subscription,
                               coalesce(sum(held_top_up), 0) as top_up
                        from read_balance_view where held_subscription > 0 or held_top_up > 0""")
                .query((rs, row) -> new HeldCredits(rs.getLong("accounts"), rs.getLong("subscription"), rs.getLong("top_up")))
                .single();
    }

    private static AccountBalance read(ResultSet rs) throws SQLException {
        return AccountBalance.of(rs.getString("account_id"), rs.getLong("subscription"), rs.getLong("top_up"),
                rs.getLong("held_subscription"), rs.getLong("held_top_up"), rs.getString("plan"), instant(rs.getTimestamp("period_start")), instant(rs.getTimestamp("period_end")),
                rs.getLong("last_sequence"), rs.getLong("last_global_index"), instant(rs.getTimestamp("last_event_at")));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
