package com.creditledger.projection.finance;

/** Sums of credit movements; "expired" subscription credits are the breakage. */
public record Totals(long consumedSubscription, long consumedTopUp, long consumed, long refundedSubscription,
                     long refundedTopUp, long refunded, long grantedSubscription, long expiredSubscription,
                     long soldTopUp) {
}
