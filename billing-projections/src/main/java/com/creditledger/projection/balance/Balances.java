package com.creditledger.projection.balance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
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
