package com.creditledger.projection.balance;

import java.time.Instant;

/** The balance view of one account, as finance and customers see it. */
public record AccountBalance(String accountId, long subscription, long topUp, long total, String plan,
                             Instant periodStart, Instant periodEnd, long lastSequence, long lastPosition,
                             Instant lastEventAt) {
}
