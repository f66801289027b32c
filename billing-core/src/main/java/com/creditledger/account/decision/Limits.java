package com.creditledger.account.decision;

import com.creditledger.pricing.Credits;

/** Bounds every account shares, whatever the policies. */
public final class Limits {

    /** Upper bound of one grant (a renewal or a top-up), far above any real package, so balances stay far from overflow. */
    public static final Credits MAX_GRANT = Credits.of(1_000_000_000L);

    private Limits() {
    }
}
