package com.creditledger.projection.balance;

import java.time.Instant;

/**
 * The balance view of one account, as finance and customers see it. {@code subscription},
 * {@code topUp} and {@code total} are what can be spent now; {@code held} is set aside for
 * running jobs; {@code byKind} shows available, held and their sum for each kind.
 */
public record AccountBalance(String accountId, long subscription, long topUp, long total, Kinds held, ByKind byKind,
                             String plan, Instant periodStart, Instant periodEnd, long lastSequence, long lastPosition,
                             Instant lastEventAt) {

    public record Kinds(long subscription, long topUp, long total) {
    }

    public record Kind(long available, long held, long total) {
    }

    public record ByKind(Kind subscription, Kind topUp) {
    }

    static AccountBalance of(String accountId, long subscription, long topUp, long heldSubscription, long heldTopUp,
                             String plan, Instant periodStart, Instant periodEnd, long lastSequence, long lastPosition,
                             Instant lastEventAt) {
        return new AccountBalance(accountId, subscription, topUp, subscription + topUp,
                new Kinds(heldSubscription, heldTopUp, heldSubscription + heldTopUp),
                new ByKind(new Kind(subscription, heldSubscription, subscription + heldSubscription),
                        new Kind(topUp, heldTopUp, topUp + heldTopUp)),
                plan, periodStart, periodEnd, lastSequence, lastPosition, lastEventAt);
    }
}
