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
        return jdbc.sql("select * from balance_view where account_id = :account")
                .param("account", accountId)
                .query((rs, row) -> read(rs))
                .optional();
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
