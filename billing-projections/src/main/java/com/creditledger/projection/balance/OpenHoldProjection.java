package com.creditledger.projection.balance;

import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.projection.ColumnArrays;
import com.creditledger.projection.EventPosition;
import com.creditledger.projection.ProjectionWrites;
import com.creditledger.unitofwork.BeforeCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * and the rest go as one insert, then one delete, each of all its rows, before the commit. A hold's
 * reservation always precedes its settlement, so deleting after inserting keeps their order; a
 * replayed reservation finds its row and a replayed settlement finds none: both change nothing.
 */
@Component
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class OpenHoldProjection {

    private static final String CHANGES = OpenHoldProjection.class.getName() + ".changes";
    private static final String[] OPENED = {"varchar", "varchar", "varchar", "varchar", "bigint", "bigint", "bigint",
            "timestamptz", "timestamptz"};
    private static final String OPEN = """
            insert into open_hold (account_id, job_id, tool, toolkit, credits, from_subscription, from_top_up,
                                   reserved_at, expires_at)
            select * from %s
            on conflict (account_id, job_id) do nothing""".formatted(ColumnArrays.unnest(OPENED));
    private static final String[] SETTLED = {"varchar", "varchar"};
    private static final String SETTLE = """
            delete from open_hold h using %s as u(account, job)
            where h.account_id = u.account and h.job_id = u.job""".formatted(ColumnArrays.unnest(SETTLED));

    private final JdbcTemplate jdbc;

    public OpenHoldProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CreditsReserved event, @Timestamp Instant at) {
        changes().opened.put(List.of(event.accountId(), event.jobId()), new Object[]{event.accountId(), event.jobId(),
                event.tool(), event.toolkit().id(), event.credits().amount(), event.fromSubscription().amount(),
                event.fromTopUp().amount(), EventPosition.utc(at), EventPosition.utc(event.expiresAt())});
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
        jdbc.update("delete from open_hold");
    }

    private Changes changes() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("open holds are folded within a unit of work");
        }
        return BeforeCommit.resource(CHANGES, Changes::new, Changes::write);
    }

    /** The holds a unit of work opened and settled, by (account, job), in stream order. */
    private final class Changes {

        final Map<List<String>, Object[]> opened = new LinkedHashMap<>();
        final Map<List<String>, Object[]> settled = new LinkedHashMap<>();

        void settle(String accountId, String jobId) {
            List<String> hold = List.of(accountId, jobId);
            opened.remove(hold);
            settled.put(hold, new Object[]{accountId, jobId});
        }

        void write() {
            send(OPEN, OPENED, opened);
            send(SETTLE, SETTLED, settled);
        }

        private void send(String sql, String[] types, Map<List<String>, Object[]> holds) {
            if (!holds.isEmpty()) {
                ColumnArrays rows = new ColumnArrays(types);
                holds.values().forEach(rows::add);
                rows.update(jdbc, sql);
            }
        }
    }
}
