package com.creditledger.api.audit;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;

/**
 * What one event should have added to the finance ledger, computed independently of the
 * finance projection so that the two can be compared. Columns: consumed subscription,
 * consumed top-up, refunded subscription, refunded top-up, granted, expired, sold.
 */
final class FinanceMovement {

    private FinanceMovement() {
    }

    /** Adds the event's movement to the sums; returns 1 if the event is a ledger row, else 0. */
    static int add(AccountEvent event, long[] sums) {
        if (event instanceof JobCharged charged) {
            sums[0] += charged.fromSubscription().amount();
            sums[1] += charged.fromTopUp().amount();
        } else if (event instanceof HoldCaptured captured) {
            sums[0] += captured.fromSubscription().amount();
            sums[1] += captured.fromTopUp().amount();
            sums[5] += captured.forfeited().amount();
        } else if (event instanceof HoldReleased released && !released.forfeited().isZero()) {
            sums[5] += released.forfeited().amount();
        } else if (event instanceof HoldExpired expired && !expired.forfeited().isZero()) {
            sums[5] += expired.forfeited().amount();
        } else if (event instanceof JobRefunded refunded) {
            sums[2] += refunded.toSubscription().amount();
            sums[3] += refunded.toTopUp().amount();
        } else if (event instanceof SubscriptionRenewed renewed) {
            sums[4] += renewed.monthlyCredits().amount();
            sums[5] += renewed.expiredCredits().amount();
        } else if (event instanceof SubscriptionCreditsExpired expired) {
            sums[5] += expired.expiredCredits().amount();
        } else if (event instanceof CreditsToppedUp toppedUp) {
            sums[6] += toppedUp.credits().amount();
        } else {
            return 0;
        }
        return 1;
    }
}
