package com.creditledger.projection.usage;

import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.projection.ColumnArrays;
import com.creditledger.projection.EventPosition;
import com.creditledger.projection.ProjectionWrites;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/** One row per charge and per refund, keyed by job, so a replayed event finds its row already there. */
@Component
@ProcessingGroup(UsageProjection.PROCESSING_GROUP)
public class UsageProjection {

    public static final String PROCESSING_GROUP = "usage";

    private static final String[] COLUMNS = {"varchar", "varchar", "varchar", "varchar", "varchar", "jsonb", "varchar", "bigint",
            "bigint", "bigint", "timestamptz", "bigint"};

    /** A batch's rows as one statement; a row already there (a replayed event) is left as it is. */
    private static final String INSERT = """
            insert into usage_entry (account_id, job_id, kind, tool, toolkit, params, catalog_version, credits,
                                     from_subscription, from_top_up, occurred_at, global_index)
            select * from %s
            on conflict (account_id, job_id, kind) do nothing""".formatted(ColumnArrays.unnest(COLUMNS));

    private final JdbcClient jdbc;
    private final ProjectionWrites.Rows rows;
    private final ObjectMapper json;

    public UsageProjection(JdbcClient jdbc, ProjectionWrites writes, ObjectMapper json) {
        this.jdbc = jdbc;
        this.rows = writes.rows(INSERT, COLUMNS);
        this.json = json;
    }

    @EventHandler
    void on(JobCharged event, @Timestamp Instant at, TrackingToken token) {
        insert(event.accountId(), event.jobId(), "CHARGE", event.tool(), event.toolkit().id(), event.params(),
                event.catalogVersion(), event.credits().amount(), event.fromSubscription().amount(),
                event.fromTopUp().amount(), at, token);
    }

    /** A captured hold is a charge like any other for usage (and for re-rating, which reads these rows). */
    @EventHandler
    void on(HoldCaptured event, @Timestamp Instant at, TrackingToken token) {
        insert(event.accountId(), event.jobId(), "CHARGE", event.tool(), event.toolkit().id(), event.params(),
                event.catalogVersion(), event.credits().amount(), event.fromSubscription().amount(),
                event.fromTopUp().amount(), at, token);
    }

    @EventHandler
    void on(JobRefunded event, @Timestamp Instant at, TrackingToken token) {
        long toSubscription = event.toSubscription().amount();
        long toTopUp = event.toTopUp().amount();
        insert(event.accountId(), event.jobId(), "REFUND", event.tool(), event.toolkit().id(), Map.of(), null,
                toSubscription + toTopUp, toSubscription, toTopUp, at, token);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from usage_entry").update();
    }

    private void insert(String accountId, String jobId, String kind, String tool, String toolkit, Map<String, Long> params,
                        String catalogVersion, long credits, long fromSubscription, long fromTopUp, Instant at,
                        TrackingToken token) {
        rows.add(accountId, jobId, kind, tool, toolkit, toJson(params), catalogVersion, credits, fromSubscription, fromTopUp,
                EventPosition.utc(at), EventPosition.of(token));
    }

    private String toJson(Map<String, Long> params) {
        try {
            return json.writeValueAsString(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("params of longs always serialize", e);
        }
    }
}
