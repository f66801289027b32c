package com.creditledger.account;

import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Quote;
import com.creditledger.pricing.Toolkit;
import org.axonframework.serialization.Revision;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything that ever happened to a credit account. Each event carries what finance and
 * auditors need to read it on its own, without looking anything else up. When it happened is
 * the event message's timestamp.
 */
public sealed interface AccountEvent {

    String accountId();

    record AccountOpened(String accountId) implements AccountEvent {
    }

    /** A new cycle: the subscription balance becomes {@code monthlyCredits}; the rest of the old one expired. */
    record SubscriptionRenewed(String accountId, String plan, Credits monthlyCredits,
                               Instant periodStart, Instant periodEnd, Credits expiredCredits) implements AccountEvent {
    }

    /** A cycle ended without a renewal; its unused subscription credits are gone. */
    record SubscriptionCreditsExpired(String accountId, Credits expiredCredits,
                                      Instant periodStart, Instant periodEnd) implements AccountEvent {
    }

    /** Revision 1 named the amount {@code credits} and added {@code packageId}; see the upcasting package. */
    @Revision("1")
    record CreditsToppedUp(String accountId, String paymentId, Credits credits, String packageId) implements AccountEvent {
    }

    /**
     * {@code cycleStart} is the start of the subscription cycle the job was charged in (null
     * without a subscription): a refund gives subscription credits back only into that cycle.
     */
    record JobCharged(String accountId, String jobId, String tool, Toolkit toolkit, Map<String, Long> params,
                      String catalogVersion, Credits credits, Credits fromSubscription, Credits fromTopUp,
                      Instant cycleStart) implements AccountEvent {

        public static JobCharged of(String accountId, String jobId, Quote quote, Map<String, Long> params, Split taken,
                                    Instant cycleStart) {
            return new JobCharged(accountId, jobId, quote.tool(), quote.toolkit(), params, quote.catalogVersion(), quote.credits(),
                    taken.subscription(), taken.topUp(), cycleStart);
        }
    }

    /** Recorded only for a decision on the balance; malformed requests leave no trace in the stream. */
    record ChargeRejected(String accountId, String jobId, String tool, Map<String, Long> params,
                          RejectionReason reason, Credits price, Credits available) implements AccountEvent {
    }

    /**
     * {@code forfeited} is the subscription part of a job charged in a cycle that has ended:
     * it is not given back, because it would have expired with that cycle.
     */
    record JobRefunded(String accountId, String jobId, String tool, Toolkit toolkit, String reason,
                       Credits toSubscription, Credits toTopUp, Credits forfeited) implements AccountEvent {

        public Split back() {
            return new Split(toSubscription, toTopUp);
        }
    }

    /**
     * Credits set aside for a running job, taken like a charge (subscription first); nobody else
     * can spend them until the hold is captured, released or expires. {@code cycleStart} is the
     * cycle the subscription part belongs to. {@code expiryDeadlineId} is the deadline manager's id
     * of the expiry, so that a capture or release can cancel it (null in holds from before it was kept).
     */
    record CreditsReserved(String accountId, String jobId, String tool, Toolkit toolkit, Map<String, Long> params,
                           String catalogVersion, Credits credits, Credits fromSubscription, Credits fromTopUp,
                           Instant cycleStart, Instant expiresAt, String expiryDeadlineId) implements AccountEvent {

        /** A hold whose expiry is not scheduled yet: the deadline manager gives its id ({@link #withExpiryDeadlineId}). */
        public static CreditsReserved of(String accountId, String jobId, Quote quote, Map<String, Long> params, Split taken,
                                         Instant cycleStart, Instant expiresAt) {
            return new CreditsReserved(accountId, jobId, quote.tool(), quote.toolkit(), params, quote.catalogVersion(),
                    quote.credits(), taken.subscription(), taken.topUp(), cycleStart, expiresAt, null);
        }

        public CreditsReserved withExpiryDeadlineId(String id) {
            return new CreditsReserved(accountId, jobId, tool, toolkit, params, catalogVersion, credits, fromSubscription, fromTopUp,
                    cycleStart, expiresAt, id);
        }

        public Split held() {
            return new Split(fromSubscription, fromTopUp);
        }
    }

    /**
     * A held job charged at its final price, which finance reads like {@link JobCharged}.
     * {@code fromSubscription}/{@code fromTopUp} are the whole charge, held part and any extra
     * taken from the available credits; {@code released*} went back to the available credits and
     * {@code forfeited} is unused held subscription credit of a cycle that has ended (it expired).
     * {@code cycleStart} is the hold's cycle; {@code extraCycleStart} the cycle the extra
     * subscription credits came from (null without any), which a renewal may have made another.
     */
    record HoldCaptured(String accountId, String jobId, String tool, Toolkit toolkit, Map<String, Long> params,
                        String catalogVersion, Credits credits, Credits fromSubscription, Credits fromTopUp,
                        Instant cycleStart, Instant extraCycleStart, Credits heldSubscription, Credits heldTopUp,
                        Credits releasedSubscription, Credits releasedTopUp, Credits forfeited) implements AccountEvent {

        /**
         * The capture of {@code hold} at {@code price}: {@code charged} is the whole charge (held part and extra),
         * {@code released} what of the hold goes back to the available credits.
         */
        public static HoldCaptured of(CreditsReserved hold, Map<String, Long> params, String catalogVersion, Credits price,
                                      Split charged, Instant extraCycleStart, Split released, Credits forfeited) {
            return new HoldCaptured(hold.accountId(), hold.jobId(), hold.tool(), hold.toolkit(), params, catalogVersion, price,
                    charged.subscription(), charged.topUp(), hold.cycleStart(), extraCycleStart, hold.fromSubscription(),
                    hold.fromTopUp(), released.subscription(), released.topUp(), forfeited);
        }

        public Split charged() {
            return new Split(fromSubscription, fromTopUp);
        }

        /** The subscription credits taken beyond the hold: only a final price above the hold takes any. */
        public Credits extraFromSubscription() {
            return heldSubscription.plus(heldTopUp).isLessThan(credits) ? fromSubscription.minus(heldSubscription) : Credits.ZERO;
        }
    }

    /** A reservation refused for want of credits: like {@link ChargeRejected}, a decision on the balance; nothing is held. */
    record ReservationRejected(String accountId, String jobId, String tool, Map<String, Long> params,
                               RejectionReason reason, Credits price, Credits available) implements AccountEvent {
    }

    /**
     * A capture refused because its final price exceeds the hold by more than the available
     * credits; the hold stays open, to be captured at another price or released.
     */
    record CaptureRejected(String accountId, String jobId, Map<String, Long> params, RejectionReason reason,
                           Credits price, Credits held, Credits available) implements AccountEvent {
    }

    /** A hold given back before its job was charged: each held credit returns to its bucket, or is forfeited as above. */
    record HoldReleased(String accountId, String jobId, String tool, Toolkit toolkit, String reason,
                        Credits heldSubscription, Credits heldTopUp, Credits toSubscription, Credits toTopUp,
                        Credits forfeited) implements AccountEvent {

        /** {@code hold} given back: its subscription part only as far as {@code toSubscription}, the rest is forfeited. */
        public static HoldReleased of(CreditsReserved hold, String reason, Credits toSubscription) {
            return new HoldReleased(hold.accountId(), hold.jobId(), hold.tool(), hold.toolkit(), reason, hold.fromSubscription(),
                    hold.fromTopUp(), toSubscription, hold.fromTopUp(), hold.fromSubscription().minus(toSubscription));
        }

        public Split back() {
            return new Split(toSubscription, toTopUp);
        }
    }

    /** A hold neither captured nor released by its {@code expiresAt}, given back as a release would. */
    record HoldExpired(String accountId, String jobId, String tool, Toolkit toolkit, Instant expiresAt,
                       Credits heldSubscription, Credits heldTopUp, Credits toSubscription, Credits toTopUp,
                       Credits forfeited) implements AccountEvent {

        /** {@code hold} expired: given back like {@link HoldReleased#of}. */
        public static HoldExpired of(CreditsReserved hold, Credits toSubscription) {
            return new HoldExpired(hold.accountId(), hold.jobId(), hold.tool(), hold.toolkit(), hold.expiresAt(),
                    hold.fromSubscription(), hold.fromTopUp(), toSubscription, hold.fromTopUp(),
                    hold.fromSubscription().minus(toSubscription));
        }
    }

    /** The account's own alert thresholds from now on; null means the service's defaults again. */
    record BalanceAlertsConfigured(String accountId, List<AlertThreshold> thresholds) implements AccountEvent {
    }

    /** The spendable balance (available, not held) went from at or above the threshold to below it. */
    record BalanceFellBelowThreshold(String accountId, AlertThreshold threshold, Credits thresholdCredits,
                                     Credits before, Credits after) implements AccountEvent {
    }

    /** The spendable balance reached zero. */
    record CreditsRanOut(String accountId, Credits before) implements AccountEvent {
    }
}
