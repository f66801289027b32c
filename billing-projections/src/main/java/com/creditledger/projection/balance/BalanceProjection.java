package com.creditledger.projection.balance;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.projection.EventPosition;
import com.creditledger.projection.ProjectionWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Folds account events into one row per account. Every update is guarded by the event's
 * sequence number, so replaying an event already applied changes nothing.
 */
@Component
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class BalanceProjection {

    public static final String PROCESSING_GROUP = "balances";

    private final JdbcClient jdbc;
    private final ProjectionWrites writes;

    public BalanceProjection(JdbcClient jdbc, ProjectionWrites writes) {
        this.jdbc = jdbc;
        this.writes = writes;
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        writes.sql("""
                        insert into balance_view (account_id, subscription, top_up, last_sequence, last_global_index, last_event_at)
                        values (:account, 0, 0, :sequence, :position, :at)
                        on conflict (account_id) do nothing""")
                .param("account", event.accountId())
                .param("sequence", sequence)
                .param("position", EventPosition.of(token))
                .param("at", EventPosition.utc(at))
                .send();
    }

    @EventHandler
    void on(SubscriptionRenewed event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        writes.sql("""
                        update balance_view set subscription = :monthly, plan = :plan, period_start = :start, period_end = :end,
                               last_sequence = :sequence, last_global_index = :position, last_event_at = :at
                        where account_id = :account and last_sequence < :sequence""")
                .param("monthly", event.monthlyCredits().amount())
                .param("plan", event.plan())
                .param("start", EventPosition.utc(event.periodStart()))
                .param("end", EventPosition.utc(event.periodEnd()))
                .param("account", event.accountId())
                .param("sequence", sequence)
                .param("position", EventPosition.of(token))
                .param("at", EventPosition.utc(at))
                .send();
    }

    @EventHandler
    void on(SubscriptionCreditsExpired event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), -event.expiredCredits().amount(), 0, sequence, at, token);
    }

    @EventHandler
    void on(CreditsToppedUp event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), 0, event.credits().amount(), sequence, at, token);
    }

    @EventHandler
    void on(JobCharged event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), -event.fromSubscription().amount(), -event.fromTopUp().amount(), sequence, at, token);
    }

    @EventHandler
    void on(JobRefunded event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), event.toSubscription().amount(), event.toTopUp().amount(), sequence, at, token);
    }

    @EventHandler
    void on(CreditsReserved event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), -event.fromSubscription().amount(), -event.fromTopUp().amount(),
                event.fromSubscription().amount(), event.fromTopUp().amount(), sequence, at, token);
    }

    @EventHandler
    void on(HoldCaptured event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        long held = event.heldSubscription().amount();
        move(event.accountId(), held - event.forfeited().amount() - event.fromSubscription().amount(),
                event.heldTopUp().amount() - event.fromTopUp().amount(), -held, -event.heldTopUp().amount(), sequence, at, token);
    }

    @EventHandler
    void on(HoldReleased event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), event.toSubscription().amount(), event.toTopUp().amount(),
                -event.heldSubscription().amount(), -event.heldTopUp().amount(), sequence, at, token);
    }

    @EventHandler
    void on(HoldExpired event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), event.toSubscription().amount(), event.toTopUp().amount(),
                -event.heldSubscription().amount(), -event.heldTopUp().amount(), sequence, at, token);
    }

    /** Events that move no credits (refusals, alerts) still bring the view up to date with the account's stream. */
    @EventHandler
    void on(AccountEvent event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        move(event.accountId(), 0, 0, sequence, at, token);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("delete from balance_view").update();
    }

    private void move(String accountId, long subscription, long topUp, long sequence, Instant at, TrackingToken token) {
        move(accountId, subscription, topUp, 0, 0, sequence, at, token);
    }

    private void move(String accountId, long subscription, long topUp, long heldSubscription, long heldTopUp,
                      long sequence, Instant at, TrackingToken token) {
        writes.sql("""
                        update balance_view set subscription = subscription + :subscription, top_up = top_up + :topUp,
                               held_subscription = held_subscription + :heldSubscription,
                               held_top_up = held_top_up + :heldTopUp,
                               last_sequence = :sequence, last_global_index = :position, last_event_at = :at
                        where account_id = :account and last_sequence < :sequence""")
                .param("subscription", subscription)
                .param("topUp", topUp)
                .param("heldSubscription", heldSubscription)
                .param("heldTopUp", heldTopUp)
                .param("account", accountId)
                .param("sequence", sequence)
                .param("position", EventPosition.of(token))
                .param("at", EventPosition.utc(at))
                .send();
    }
}
