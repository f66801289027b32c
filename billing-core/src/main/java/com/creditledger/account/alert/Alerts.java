package com.creditledger.account.alert;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AccountState;
import com.creditledger.account.AlertPolicy;
import com.creditledger.account.AlertThreshold;
import com.creditledger.pricing.Credits;

import java.util.Comparator;
import java.util.List;

/**
 * The last step after every command and deadline: the alerts a fall of the balance raises.
 * Alerts are decided once, from the balance before and after, and recorded as events: replaying
 * the stream never re-decides them, whatever the defaults are by then.
 */
public final class Alerts {

    private Alerts() {
    }

    /** The alerts of a fall from {@code before} to what {@code after} can spend, highest threshold first. */
    public static List<AccountEvent> raised(String accountId, Credits before, AccountState after, AlertPolicy policy) {
        Credits spendable = after.spendable();
        if (!spendable.isLessThan(before)) {
            return List.of();
        }
        List<AlertThreshold> thresholds = after.alertThresholdsOr(policy);
        Credits allocation = after.allocation();
        // most charges cross nothing: find out without building anything
        boolean crossed = false;
        for (AlertThreshold threshold : thresholds) {
            crossed |= crosses(threshold.resolve(allocation), before, spendable);
        }
        if (!crossed) {
            return List.of();
        }
        record Limit(AlertThreshold threshold, Credits credits) {
        }
        // highest first: the order in which a falling balance passes them
        return thresholds.stream()
                .map(threshold -> new Limit(threshold, threshold.resolve(allocation)))
                .filter(limit -> crosses(limit.credits(), before, spendable))
                .sorted(Comparator.comparing(Limit::credits).reversed())
                .<AccountEvent>map(limit -> limit.credits().isZero()
                        ? new CreditsRanOut(accountId, before)
                        : new BalanceFellBelowThreshold(accountId, limit.threshold(), limit.credits(), before, spendable))
                .toList();
    }

    /** A fall to zero crosses "ran out"; any other threshold is crossed from at or above it to below it. */
    private static boolean crosses(Credits limit, Credits before, Credits after) {
        if (limit == null) {
            return false;
        }
        return limit.isZero() ? after.isZero() : !before.isLessThan(limit) && after.isLessThan(limit);
    }
}
