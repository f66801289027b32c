package com.creditledger.projection.alert;

import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.projection.ColumnArrays;
import com.creditledger.projection.EventPosition;
import com.creditledger.projection.balance.BalanceProjection;
import com.creditledger.projection.ProjectionWrites;
import com.creditledger.unitofwork.BeforeCommit;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds alert settings and raised alerts into their tables. It runs in the balances processor:
 * alerts are about balances, and one processor less is one pass over the store less. A batch's
 * settings are kept per account, the last one winning, and written with its alerts as one
 * statement each before the commit: one statement cannot upsert the same row twice.
 */
@Component
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class AlertProjection {

    private static final String SETTINGS = AlertProjection.class.getName() + ".settings";
    private static final String[] SETTING = {"varchar", "jsonb", "bigint"};
    private static final String CONFIGURE = """
            insert into alert_settings (account_id, thresholds, last_sequence)
            select * from %s
            on conflict (account_id) do update set thresholds = excluded.thresholds, last_sequence = excluded.last_sequence
            where alert_settings.last_sequence < excluded.last_sequence""".formatted(ColumnArrays.unnest(SETTING));
    private static final String[] ALERT = {"varchar", "bigint", "varchar", "jsonb", "bigint", "bigint", "bigint", "timestamptz"};
    private static final String RAISE = """
            insert into balance_alert (account_id, sequence_number, kind, threshold, threshold_credits,
                                       balance_before, balance_after, occurred_at)
            select * from %s
            on conflict (account_id, sequence_number) do nothing""".formatted(ColumnArrays.unnest(ALERT));

    private final JdbcTemplate jdbc;
    private final ProjectionWrites.Rows alerts;
    private final ObjectMapper json;

    public AlertProjection(JdbcTemplate jdbc, ProjectionWrites writes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.alerts = writes.rows(RAISE, ALERT);
        this.json = json;
    }

    @EventHandler
    void on(BalanceAlertsConfigured event, @SequenceNumber long sequence) {
        BeforeCommit.resource(SETTINGS, LinkedHashMap<String, Object[]>::new, this::configure)
                .put(event.accountId(), new Object[]{event.accountId(), write(event.thresholds()), sequence});
    }

    @EventHandler
    void on(BalanceFellBelowThreshold event, @SequenceNumber long sequence, @Timestamp Instant at) {
        alerts.add(event.accountId(), sequence, "BELOW_THRESHOLD", write(event.threshold()), event.thresholdCredits().amount(),
                event.before().amount(), event.after().amount(), EventPosition.utc(at));
    }

    @EventHandler
    void on(CreditsRanOut event, @SequenceNumber long sequence, @Timestamp Instant at) {
        alerts.add(event.accountId(), sequence, "RAN_OUT", null, 0L, event.before().amount(), 0L, EventPosition.utc(at));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from balance_alert");
        jdbc.update("delete from alert_settings");
    }

    private void configure(Map<String, Object[]> latest) {
        ColumnArrays rows = new ColumnArrays(SETTING);
        latest.values().forEach(rows::add);
        rows.update(jdbc, CONFIGURE);
    }

    /** JSON text, or null for null (the database's null, not JSON's). */
    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("thresholds always serialize", e);
        }
    }
}
