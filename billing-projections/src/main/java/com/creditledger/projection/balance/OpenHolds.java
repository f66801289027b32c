package com.creditledger.projection.balance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** Reads the open holds of an account, the soonest to expire first. */
@Component
public class OpenHolds {

    /** A hold not yet captured, released or expired; {@code reservedAt} is when its reservation was recorded. */
    public record OpenHold(String jobId, String tool, String toolkit, long credits, long fromSubscription, long fromTopUp,
                           Instant reservedAt, Instant expiresAt) {
    }

    /** {@code holds} adds up to the balance view's {@code held}, both as of the same events. */
    public record AccountHolds(String accountId, List<OpenHold> holds) {
    }

    private final JdbcClient jdbc;

    public OpenHolds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public AccountHolds of(String accountId) {
        return new AccountHolds(accountId, jdbc.sql("""
                        select * from read_open_hold where account_id = :account order by expires_at, job_id""")
                .param("account", accountId)
                .query((rs, row) -> new OpenHold(rs.getString("job_id"), rs.getString("tool"), rs.getString("toolkit"),
                        rs.getLong("credits"), rs.getLong("from_subscription"), rs.getLong("from_top_up"),
                        Balances.instant(rs.getTimestamp("reserved_at")), Balances.instant(rs.getTimestamp("expires_at"))))
                .list());
    }
}
