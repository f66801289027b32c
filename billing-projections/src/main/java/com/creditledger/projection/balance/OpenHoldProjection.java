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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Folds holds into one row per open hold. In the balances processing group, so the held
 * credits of the balance view and the holds listed here move in the same transaction. A
 * replayed reservation finds its row, a replayed settlement finds none: both change nothing.
 */
@Component
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class OpenHoldProjection {

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;

    public OpenHoldProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(CreditsReserved event, @Timestamp Instant at) {
        writes.sql("""
                        insert into open_hold (account_id, job_id, tool, toolkit, credits, from_subscription, from_top_up,
                                               reserved_at, expires_at)
                        values (:account, :job, :tool, :toolkit, :credits, :fromSubscription, :fromTopUp, :at, :expiresAt)
                        on conflict (account_id, job_id) do nothing""")
                .param("account", event.accountId())
                .param("job", event.jobId())
                .param("tool", event.tool())
                .param("toolkit", event.toolkit().id())
                .param("credits", event.credits().amount())
                .param("fromSubscription", event.fromSubscription().amount())
                .param("fromTopUp", event.fromTopUp().amount())
                .param("at", EventPosition.utc(at))
                .param("expiresAt", EventPosition.utc(event.expiresAt()))
                .send();
    }

    @EventHandler
    void on(HoldCaptured event) {
        settle(event.accountId(), event.jobId());
    }

    @EventHandler
    void on(HoldReleased event) {
        settle(event.accountId(), event.jobId());
    }

    @EventHandler
    void on(HoldExpired event) {
        settle(event.accountId(), event.jobId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from open_hold").update();
    }

    private void settle(String accountId, String jobId) {
        writes.sql("delete from open_hold where account_id = :account and job_id = :job")
                .param("account", accountId)
                .param("job", jobId)
                .send();
    }
}
