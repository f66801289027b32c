package com.creditledger.projection.alert;

import com.creditledger.account.AlertThreshold;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads an account's alert settings and the alerts raised for it, newest first. */
@Component
public class BalanceAlerts {

    /** One raised alert; {@code threshold} is null for RAN_OUT. */
    public record Alert(long sequenceNumber, String kind, AlertThreshold threshold, long thresholdCredits,
                        long balanceBefore, long balanceAfter, Instant occurredAt) {
    }

    private static final TypeReference<List<AlertThreshold>> THRESHOLDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public BalanceAlerts(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The account's own thresholds; empty when it uses the service's defaults. */
    public Optional<List<AlertThreshold>> thresholds(String accountId) {
        return jdbc.sql("select thresholds from read_alert_settings where account_id = :account and thresholds is not null")
                .param("account", accountId)
                .query(String.class)
                .optional()
                .map(stored -> read(stored, THRESHOLDS));
    }

    public List<Alert> recent(String accountId, int limit) {
        return jdbc.sql("""
                        select * from read_balance_alert where account_id = :account
                        order by sequence_number desc limit :limit""")
                .param("account", accountId)
                .param("limit", limit)
                .query((rs, row) -> new Alert(rs.getLong("sequence_number"), rs.getString("kind"),
                        rs.getString("threshold") == null ? null : read(rs.getString("threshold"), new TypeReference<AlertThreshold>() {
                        }),
                        rs.getLong("threshold_credits"), rs.getLong("balance_before"), rs.getLong("balance_after"),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    private <T> T read(String stored, TypeReference<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable alert settings", e);
        }
    }
}
