package com.creditledger.projection.finance;

import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.projection.ColumnArrays;
import com.creditledger.projection.EventPosition;
import com.creditledger.projection.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The finance ledger: one row per credit movement, keyed by the event that caused it (account
 * and sequence number), so a replay inserts nothing twice. Reports are sums over these rows.
 */
@Component
@ProcessingGroup(FinanceProjection.PROCESSING_GROUP)
public class FinanceProjection {

    public static final String PROCESSING_GROUP = "finance";

    private static final String[] COLUMNS = {"varchar", "bigint", "timestamptz", "varchar", "varchar", "bigint", "bigint", "bigint",
            "bigint", "bigint", "bigint", "bigint"};

    /** A batch's rows as one statement; a row already there (a replayed event) is left as it is. */
    private static final String INSERT = """
            insert into finance_entry (account_id, sequence_number, occurred_at, tool, toolkit,
                   consumed_subscription, consumed_top_up, refunded_subscription, refunded_top_up,
                   granted_subscription, expired_subscription, sold_top_up)
            select * from %s
            on conflict (account_id, sequence_number) do nothing""".formatted(ColumnArrays.unnest(COLUMNS));

    private final JdbcClient jdbc;
    private final ProjectionWrites.Rows rows;

    public FinanceProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.rows = writes.rows(INSERT, COLUMNS);
    }

    @EventHandler
    void on(SubscriptionRenewed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        // The leftover of the previous cycle expires at the renewal: that is breakage too.
        record(new Movement(event.accountId(), sequence, at).grantedSubscription(event.monthlyCredits().amount())
                .expiredSubscription(event.expiredCredits().amount()));
    }

    @EventHandler
    void on(SubscriptionCreditsExpired event, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(new Movement(event.accountId(), sequence, at).expiredSubscription(event.expiredCredits().amount()));
    }

    @EventHandler
    void on(CreditsToppedUp event, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(new Movement(event.accountId(), sequence, at).soldTopUp(event.credits().amount()));
    }

    @EventHandler
    void on(JobCharged event, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(new Movement(event.accountId(), sequence, at).tool(event.tool(), event.toolkit().id())
                .consumed(event.fromSubscription().amount(), event.fromTopUp().amount()));
    }

    /** Unused held subscription credits of an ended cycle are forfeited: breakage, like an expiry. */
    @EventHandler
    void on(HoldCaptured event, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(new Movement(event.accountId(), sequence, at).tool(event.tool(), event.toolkit().id())
                .consumed(event.fromSubscription().amount(), event.fromTopUp().amount())
                .expiredSubscription(event.forfeited().amount()));
    }

    @EventHandler
    void on(HoldReleased event, @SequenceNumber long sequence, @Timestamp Instant at) {
        forfeit(event.accountId(), event.tool(), event.toolkit().id(), event.forfeited().amount(), sequence, at);
    }

    @EventHandler
    void on(HoldExpired event, @SequenceNumber long sequence, @Timestamp Instant at) {
        forfeit(event.accountId(), event.tool(), event.toolkit().id(), event.forfeited().amount(), sequence, at);
    }

    /** Holds and their release move no credits in or out of the ledger, unless something was forfeited. */
    private void forfeit(String accountId, String tool, String toolkit, long forfeited, long sequence, Instant at) {
        if (forfeited > 0) {
            record(new Movement(accountId, sequence, at).tool(tool, toolkit).expiredSubscription(forfeited));
        }
    }

    @EventHandler
    void on(JobRefunded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        record(new Movement(event.accountId(), sequence, at).tool(event.tool(), event.toolkit().id())
                .refunded(event.toSubscription().amount(), event.toTopUp().amount()));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from finance_entry").update();
    }

    private void record(Movement m) {
        rows.add(m.accountId, m.sequence, EventPosition.utc(m.at), m.tool, m.toolkit, m.consumedSubscription, m.consumedTopUp,
                m.refundedSubscription, m.refundedTopUp, m.grantedSubscription, m.expiredSubscription, m.soldTopUp);
    }

    /** One row of the ledger being put together; unnamed amounts are zero. */
    private static final class Movement {
        final String accountId;
        final long sequence;
        final Instant at;
        String tool;
        String toolkit;
        long consumedSubscription;
        long consumedTopUp;
        long refundedSubscription;
        long refundedTopUp;
        long grantedSubscription;
        long expiredSubscription;
        long soldTopUp;

        Movement(String accountId, long sequence, Instant at) {
            this.accountId = accountId;
            this.sequence = sequence;
            this.at = at;
        }

        Movement tool(String tool, String toolkit) {
            this.tool = tool;
            this.toolkit = toolkit;
            return this;
        }

        Movement consumed(long subscription, long topUp) {
            consumedSubscription = subscription;
            consumedTopUp = topUp;
            return this;
        }

        Movement refunded(long subscription, long topUp) {
            refundedSubscription = subscription;
            refundedTopUp = topUp;
            return this;
        }

        Movement grantedSubscription(long credits) {
            grantedSubscription = credits;
            return this;
        }

        Movement expiredSubscription(long credits) {
            expiredSubscription = credits;
            return this;
        }

        Movement soldTopUp(long credits) {
            soldTopUp = credits;
            return this;
        }
    }
}
