package com.creditledger.account;

import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.pricing.Credits;

import java.time.Instant;

/**
 * An account's credits as its events leave them: the one fold of the event stream, used by the
 * aggregate to decide and by auditors to replay history.
 *
 * @param cycle the cycle last granted by a renewal, or null before the first one
 */
public record AccountState(Credits subscription, Credits topUp, Cycle cycle) {

    public static final AccountState OPENED = new AccountState(Credits.ZERO, Credits.ZERO, null);

    /** A billing cycle; {@code ended} once its unused credits were recorded as expired. */
    public record Cycle(String plan, Instant periodStart, Instant periodEnd, boolean ended) {

        boolean isOverAt(Instant now) {
            return !ended && !now.isBefore(periodEnd);
        }
    }

    public AccountState apply(AccountEvent event) {
        if (event instanceof SubscriptionRenewed renewed) {
            return new AccountState(renewed.monthlyCredits(), topUp,
                    new Cycle(renewed.plan(), renewed.periodStart(), renewed.periodEnd(), false));
        } else if (event instanceof SubscriptionCreditsExpired) {
            return new AccountState(Credits.ZERO, topUp, new Cycle(cycle.plan(), cycle.periodStart(), cycle.periodEnd(), true));
        } else if (event instanceof CreditsToppedUp toppedUp) {
            return new AccountState(subscription, topUp.plus(toppedUp.credits()), cycle);
        } else if (event instanceof JobCharged charged) {
            return new AccountState(subscription.minus(charged.fromSubscription()), topUp.minus(charged.fromTopUp()), cycle);
        } else if (event instanceof JobRefunded refunded) {
            return new AccountState(subscription.plus(refunded.toSubscription()), topUp.plus(refunded.toTopUp()), cycle);
        } else if (event instanceof AccountOpened || event instanceof ChargeRejected) {
            return this;
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getName());
    }

    /** The cycle's period has ended but its expiry is not recorded yet. */
    public boolean cycleOverAt(Instant now) {
        return cycle != null && cycle.isOverAt(now);
    }

    /** What the account can spend at {@code now}: credits of a cycle that is over are not spendable any more. */
    public Balance balanceAt(Instant now) {
        return new Balance(cycleOverAt(now) ? Credits.ZERO : subscription, topUp);
    }

    /** The start of the cycle a charge now draws from, or null when there is no running cycle. */
    public Instant runningCycleStart() {
        return cycle == null || cycle.ended() ? null : cycle.periodStart();
    }

    public boolean isRunningCycle(Instant cycleStart) {
        return cycle != null && !cycle.ended() && cycle.periodStart().equals(cycleStart);
    }
}
