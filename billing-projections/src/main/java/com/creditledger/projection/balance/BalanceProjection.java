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
import com.creditledger.unitofwork.BeforeCommit;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Folds account events into one row per account. A processor's batch is folded in memory
 * ({@link BalanceChanges}) and written when it commits: one statement for the accounts it
 * opened and one update for all the others, each account's events coalesced into one row.
 */
@Component
@ProcessingGroup(BalanceProjection.PROCESSING_GROUP)
public class BalanceProjection {

    public static final String PROCESSING_GROUP = "balances";
    private static final String CHANGES = BalanceProjection.class.getName() + ".changes";

    private final JdbcTemplate jdbc;

    public BalanceProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccountOpened event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        changes().open(event.accountId(), sequence, EventPosition.of(token), at);
    }

    @EventHandler
    void on(SubscriptionRenewed event, @SequenceNumber long sequence, @Timestamp Instant at, TrackingToken token) {
        changes().add(event.accountId(), new BalanceChanges.Step(sequence, EventPosition.of(token), at, 0, 0, 0, 0, event));
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
        jdbc.update("delete from balance_view");
    }

    private void move(String accountId, long subscription, long topUp, long sequence, Instant at, TrackingToken token) {
        move(accountId, subscription, topUp, 0, 0, sequence, at, token);
    }

    private void move(String accountId, long subscription, long topUp, long heldSubscription, long heldTopUp,
                      long sequence, Instant at, TrackingToken token) {
        changes().add(accountId, new BalanceChanges.Step(sequence, EventPosition.of(token), at, subscription, topUp,
                heldSubscription, heldTopUp, null));
    }

    private BalanceChanges changes() {
        if (!CurrentUnitOfWork.isStarted()) {
            throw new IllegalStateException("balances are folded within a unit of work");
        }
        return BeforeCommit.resource(CHANGES, () -> new BalanceChanges(jdbc), BalanceChanges::write);
    }
}
