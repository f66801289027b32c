package com.creditledger.projection.balance;

import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.projection.EventPosition;
import com.creditledger.projection.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds holds into one row per open hold. In the balances processing group, so the held
 * credits of the balance view and the holds listed here move in the same transaction.
 * <p>
 * Reservations and settlements alternate in the stream, so one statement each would cost a
 * round trip per hold event (ProjectionWrites batches runs of the same SQL only). Instead a
 * unit of work collects them per hold: a hold reserved and settled within it is never inserted,
 * and the rest go as one batch of inserts, then one of deletes, before the commit. A hold's
 * reservation always precedes its settlement, so deleting after inserting keeps their order; a
 * replayed reservation finds its row and a replayed settlement finds none: both change nothing.
 */
@Component
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class OpenHoldProjection {

    private static final String CHANGES = OpenHoldProjection.class.getName() + ".changes";
    private static final String OPEN = """
            insert into open_hold (account_id, job_id, tool, toolkit, credits, from_subscription, from_top_up,
                                   reserved_at, expires_at)
            values (:account, :job, :tool, :toolkit, :credits, :fromSubscription, :fromTopUp, :at, :expiresAt)
            on conflict (account_id, job_id) do nothing""";
    private static final String SETTLE = "delete from open_hold where account_id = :account and job_id = :job";

    private final NamedParameterJdbcTemplate jdbc;

    public OpenHoldProjection(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CreditsReserved event, @Timestamp Instant at) {
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("account", event.accountId());
        row.put("job", event.jobId());
        row.put("tool", event.tool());
        row.put("toolkit", event.toolkit().id());
        row.put("credits", event.credits().amount());
        row.put("fromSubscription", event.fromSubscription().amount());
        row.put("fromTopUp", event.fromTopUp().amount());
        row.put("at", EventPosition.utc(at));
        row.put("expiresAt", EventPosition.utc(event.expiresAt()));
        changes().opened.put(List.of(event.accountId(), event.jobId()), row);
    }

    @EventHandler
    void on(HoldCaptured event) {
        changes().settle(event.accountId(), event.jobId());
    }

    @EventHandler
    void on(HoldReleased event) {
        changes().settle(event.accountId(), event.jobId());
    }

    @EventHandler
    void on(HoldExpired event) {
        changes().settle(event.accountId(), event.jobId());
    }

    @ResetHandler
    void reset() {
        jdbc.getJdbcTemplate().update("delete from open_hold");
    }

    private Changes changes() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("open holds are folded within a unit of work");
        }
        return ProjectionWrites.untilCommit(CHANGES, Changes::new, Changes::write);
    }

    /** The holds a unit of work opened and settled, by (account, job), in stream order. */
    private final class Changes {

        final Map<List<String>, Map<String, Object>> opened = new LinkedHashMap<>();
        final Map<List<String>, Map<String, Object>> settled = new LinkedHashMap<>();

        void settle(String accountId, String jobId) {
            List<String> hold = List.of(accountId, jobId);
            opened.remove(hold);
            settled.put(hold, Map.of("account", accountId, "job", jobId));
        }

        @SuppressWarnings("unchecked")
        void write() {
            if (!opened.isEmpty()) {
                jdbc.batchUpdate(OPEN, opened.values().toArray(new Map[0]));
            }
            if (!settled.isEmpty()) {
                jdbc.batchUpdate(SETTLE, settled.values().toArray(new Map[0]));
            }
        }
    }
}
