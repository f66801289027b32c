package com.creditledger.account;

import java.time.Duration;

/**
 * How long credits may be held for a running job, and how many holds an account may have open
 * at once (open holds live in the aggregate, so their number is bounded).
 */
public record HoldPolicy(Duration defaultDuration, Duration maxDuration, int maxOpenHolds) {

    public HoldPolicy {
        if (defaultDuration.isNegative() || defaultDuration.isZero() || maxDuration.compareTo(defaultDuration) < 0) {
            throw new IllegalArgumentException("hold durations must be positive, the default at most the maximum");
        }
        if (maxOpenHolds < 1) {
            throw new IllegalArgumentException("an account must be allowed at least one open hold");
        }
    }
}
