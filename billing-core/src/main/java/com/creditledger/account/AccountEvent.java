package com.creditledger.account;

import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;
import org.axonframework.serialization.Revision;

import java.time.Instant;
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
    }
}
