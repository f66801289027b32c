package com.creditledger.projection.alert;

import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AlertThreshold;
import com.creditledger.projection.EventPosition;
import com.creditledger.projection.ProjectionWrites;
import com.creditledger.projection.balance.BalanceProjection;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Folds alert settings and raised alerts into their tables. It runs in the balances processor:
 * alerts are about balances, and one processor less is one pass over the store less.
 */
@Component
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class AlertProjection {

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;
    private final ObjectMapper json;

    public AlertProjection(JdbcClient jdbc, ProjectionWrites writes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.writes = writes;
        this.json = json;
    }

    @EventHandler
    void on(BalanceAlertsConfigured event, @SequenceNumber long sequence) {
        writes.sql("""
                        insert into alert_settings (account_id, thresholds, last_sequence)
                        values (:account, cast(:thresholds as jsonb), :sequence)
                        on conflict (account_id) do update set thresholds = excluded.thresholds, last_sequence = excluded.last_sequence
                        where alert_settings.last_sequence < excluded.last_sequence""")
                .param("account", event.accountId())
                .param("thresholds", event.thresholds() == null ? null : write(event.thresholds()))
                .param("sequence", sequence)
                .send();
    }

    @EventHandler
    void on(BalanceFellBelowThreshold event, @SequenceNumber long sequence, @Timestamp Instant at) {
        insert(event.accountId(), sequence, "BELOW_THRESHOLD", event.threshold(), event.thresholdCredits().amount(),
                event.before().amount(), event.after().amount(), at);
    }

    @EventHandler
    void on(CreditsRanOut event, @SequenceNumber long sequence, @Timestamp Instant at) {
        insert(event.accountId(), sequence, "RAN_OUT", null, 0, event.before().amount(), 0, at);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from balance_alert").update();
        jdbc.sql("delete from alert_settings").update();
    }

    private void insert(String accountId, long sequence, String kind, AlertThreshold threshold, long thresholdCredits,
                        long before, long after, Instant at) {
        writes.sql("""
                        insert into balance_alert (account_id, sequence_number, kind, threshold, threshold_credits,
                                                   balance_before, balance_after, occurred_at)
                        values (:account, :sequence, :kind, cast(:threshold as jsonb), :credits, :before, :after, :at)
                        on conflict (account_id, sequence_number) do nothing""")
                .param("account", accountId)
                .param("sequence", sequence)
                .param("kind", kind)
                .param("threshold", threshold == null ? null : write(threshold))
                .param("credits", thresholdCredits)
                .param("before", before)
                .param("after", after)
                .param("at", EventPosition.utc(at))
                .send();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("thresholds always serialize", e);
        }
    }
}
