package com.creditledger.account;

import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CaptureRejected;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.ReservationRejected;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.pricing.Credits;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An account as its events leave it, with everything the rules decide on: the one fold of the
 * event stream, used by the aggregate (and its snapshots) to decide and by auditors to replay history.
 *
 * @param subscription    available subscription credits (held ones are in {@code holds})
 * @param topUp           available top-up credits
 * @param cycle           the cycle last granted by a renewal, or null before the first one
 * @param holds           the open holds by job id
 * @param alertThresholds the account's own alert thresholds, or null for the service's defaults
 */
public record AccountState(Credits subscription, Credits topUp, Cycle cycle, Map<String, CreditsReserved> holds,
                           List<AlertThreshold> alertThresholds) {

    public static final AccountState OPENED = new AccountState(Credits.ZERO, Credits.ZERO, null, Map.of(), null);

    public AccountState {
        // snapshots taken before holds existed have none
        holds = holds == null ? Map.of() : holds;
    }

    /** A billing cycle; {@code ended} once its unused credits were recorded as expired. */
    public record Cycle(String plan, Credits monthlyCredits, Instant periodStart, Instant periodEnd, boolean ended) {

        boolean isOverAt(Instant now) {
            return !ended && !now.isBefore(periodEnd);
        }
    }

    public AccountState apply(AccountEvent event) {
        if (event instanceof SubscriptionRenewed renewed) {
            return new AccountState(renewed.monthlyCredits(), topUp, new Cycle(renewed.plan(), renewed.monthlyCredits(),
                    renewed.periodStart(), renewed.periodEnd(), false), holds, alertThresholds);
        } else if (event instanceof SubscriptionCreditsExpired) {
            return new AccountState(Credits.ZERO, topUp, new Cycle(cycle.plan(), cycle.monthlyCredits(),
                    cycle.periodStart(), cycle.periodEnd(), true), holds, alertThresholds);
        } else if (event instanceof CreditsToppedUp toppedUp) {
            return with(subscription, topUp.plus(toppedUp.credits()), holds);
        } else if (event instanceof JobCharged charged) {
            return with(subscription.minus(charged.fromSubscription()), topUp.minus(charged.fromTopUp()), holds);
        } else if (event instanceof JobRefunded refunded) {
            return with(subscription.plus(refunded.toSubscription()), topUp.plus(refunded.toTopUp()), holds);
        } else if (event instanceof CreditsReserved reserved) {
            return with(subscription.minus(reserved.fromSubscription()), topUp.minus(reserved.fromTopUp()), withHold(reserved));
        } else if (event instanceof HoldCaptured captured) {
            // what was held comes back (less what is forfeited), then the whole charge is taken
            return with(subscription.plus(captured.heldSubscription()).minus(captured.forfeited()).minus(captured.fromSubscription()),
                    topUp.plus(captured.heldTopUp()).minus(captured.fromTopUp()), withoutHold(captured.jobId()));
        } else if (event instanceof HoldReleased released) {
            return with(subscription.plus(released.toSubscription()), topUp.plus(released.toTopUp()), withoutHold(released.jobId()));
        } else if (event instanceof HoldExpired expired) {
            return with(subscription.plus(expired.toSubscription()), topUp.plus(expired.toTopUp()), withoutHold(expired.jobId()));
        } else if (event instanceof BalanceAlertsConfigured configured) {
            return new AccountState(subscription, topUp, cycle, holds, configured.thresholds());
        } else if (event instanceof AccountOpened || event instanceof ChargeRejected || event instanceof ReservationRejected
                || event instanceof CaptureRejected || event instanceof BalanceFellBelowThreshold || event instanceof CreditsRanOut) {
            return this;
        }
        throw new IllegalArgumentException("unknown event " + event.getClass().getName());
    }

    private AccountState with(Credits subscription, Credits topUp, Map<String, CreditsReserved> holds) {
        return new AccountState(subscription, topUp, cycle, holds, alertThresholds);
    }

    private Map<String, CreditsReserved> withHold(CreditsReserved hold) {
        SortedMap<String, CreditsReserved> copy = new TreeMap<>(holds);
        copy.put(hold.jobId(), hold);
        return Collections.unmodifiableSortedMap(copy);
    }

    private Map<String, CreditsReserved> withoutHold(String jobId) {
        SortedMap<String, CreditsReserved> copy = new TreeMap<>(holds);
        copy.remove(jobId);
        return copy.isEmpty() ? Map.of() : Collections.unmodifiableSortedMap(copy);
    }

    /** The cycle's period has ended but its expiry is not recorded yet. */
    public boolean cycleOverAt(Instant now) {
        return cycle != null && cycle.isOverAt(now);
    }

    /**
     * What the account can spend at {@code now}: credits of a cycle that is over are not
     * spendable any more, and a hold past its expiry holds nothing, whether or not either is
     * recorded yet.
     */
    public Balance balanceAt(Instant now) {
        Credits availableSubscription = subscription;
        Credits availableTopUp = topUp;
        Credits heldSubscription = Credits.ZERO;
        Credits heldTopUp = Credits.ZERO;
        for (CreditsReserved hold : holds.values()) {
            if (hold.expiresAt().isAfter(now)) {
                heldSubscription = heldSubscription.plus(hold.fromSubscription());
                heldTopUp = heldTopUp.plus(hold.fromTopUp());
            } else {
                // past its expiry the hold is over, recorded or not: its credits are back (or forfeited)
                availableTopUp = availableTopUp.plus(hold.fromTopUp());
                availableSubscription = availableSubscription.plus(subscriptionBack(hold));
            }
        }
        return new Balance(cycleOverAt(now) ? Credits.ZERO : availableSubscription, availableTopUp,
                new Balance.Held(heldSubscription, heldTopUp));
    }

    /** Available credits as recorded, without looking at the time: what balance alerts compare. */
    public Credits spendable() {
        return subscription.plus(topUp);
    }

    public Balance.Held held() {
        if (holds.isEmpty()) {
            return Balance.Held.NONE;
        }
        Credits heldSubscription = Credits.ZERO;
        Credits heldTopUp = Credits.ZERO;
        for (CreditsReserved hold : holds.values()) {
            heldSubscription = heldSubscription.plus(hold.fromSubscription());
            heldTopUp = heldTopUp.plus(hold.fromTopUp());
        }
        return new Balance.Held(heldSubscription, heldTopUp);
    }

    /** What of a hold's subscription part goes back when it ends unspent: all of it while its cycle runs, else nothing. */
    public Credits subscriptionBack(CreditsReserved hold) {
        return isRunningCycle(hold.cycleStart()) ? hold.fromSubscription() : Credits.ZERO;
    }

    /** The thresholds a falling balance is compared with: the account's own, else the service's {@code defaults}. */
    public List<AlertThreshold> alertThresholdsOr(AlertPolicy defaults) {
        return alertThresholds == null ? defaults.defaults() : alertThresholds;
    }

    /** The monthly allocation of the running cycle, or null when none is running. */
    public Credits allocation() {
        return cycle == null || cycle.ended() ? null : cycle.monthlyCredits();
    }

    /** The start of the cycle a charge now draws from, or null when there is no running cycle. */
    public Instant runningCycleStart() {
        return cycle == null || cycle.ended() ? null : cycle.periodStart();
    }

    public boolean isRunningCycle(Instant cycleStart) {
        return cycle != null && !cycle.ended() && cycle.periodStart().equals(cycleStart);
    }
}
