package com.creditledger.account.refund;

import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A charge as a refund sees it: its subscription credits by the cycle they were drawn from. */
record Charged(String tool, Toolkit toolkit, Credits fromSubscription, Credits fromTopUp,
               Map<Instant, Credits> subscriptionByCycle) {

    static Charged of(JobCharged charged) {
        return new Charged(charged.tool(), charged.toolkit(), charged.fromSubscription(), charged.fromTopUp(),
                drawn(charged.cycleStart(), charged.fromSubscription(), null, Credits.ZERO));
    }

    static Charged of(HoldCaptured captured) {
        Credits extra = captured.extraFromSubscription();
        return new Charged(captured.tool(), captured.toolkit(), captured.fromSubscription(), captured.fromTopUp(),
                drawn(captured.cycleStart(), captured.fromSubscription().minus(extra), captured.extraCycleStart(), extra));
    }

    private static Map<Instant, Credits> drawn(Instant cycle, Credits credits, Instant otherCycle, Credits otherCredits) {
        Map<Instant, Credits> byCycle = new HashMap<>();
        if (cycle != null && !credits.isZero()) {
            byCycle.merge(cycle, credits, Credits::plus);
        }
        if (otherCycle != null && !otherCredits.isZero()) {
            byCycle.merge(otherCycle, otherCredits, Credits::plus);
        }
        return byCycle;
    }
}
