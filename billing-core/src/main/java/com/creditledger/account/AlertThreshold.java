package com.creditledger.account;

import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Comparator;
import java.util.List;

/**
 * A spendable balance below which the account's owner wants to hear about it: a fixed number of
 * credits, or a share of the running cycle's monthly allocation (rounded down). A threshold of
 * zero credits means "ran out".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AlertThreshold(Credits credits, Integer percentOfAllocation) {

    static final int MAX_THRESHOLDS = 10;

    public AlertThreshold {
        if ((credits == null) == (percentOfAllocation == null)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "thresholds",
                    "a threshold is either credits or percentOfAllocation, not both or neither");
        }
        if (percentOfAllocation != null && (percentOfAllocation < 1 || percentOfAllocation > 100)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "thresholds",
                    "percentOfAllocation must be between 1 and 100, was " + percentOfAllocation);
        }
    }

    public static AlertThreshold ofCredits(long credits) {
        return new AlertThreshold(Credits.of(credits), null);
    }

    public static AlertThreshold ofAllocation(int percent) {
        return new AlertThreshold(null, percent);
    }

    /**
     * The threshold in credits for a cycle of {@code allocation} monthly credits; null for a
     * share when no cycle is running or the share is less than a credit, since a share of
     * nothing would only repeat "ran out".
     */
    public Credits resolve(Credits allocation) {
        if (credits != null) {
            return credits;
        }
        if (allocation == null) {
            return null;
        }
        long share = Math.multiplyExact(allocation.amount(), (long) percentOfAllocation) / 100;
        // a share that rounds down to nothing is no threshold: "ran out" is a threshold of its own
        return share == 0 ? null : Credits.of(share);
    }

    /** One canonical form, so equal settings compare equal: no repeats, fixed before shares, ascending. */
    static List<AlertThreshold> normalized(List<AlertThreshold> thresholds) {
        if (thresholds.size() > MAX_THRESHOLDS) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "thresholds",
                    "at most " + MAX_THRESHOLDS + " thresholds");
        }
        for (AlertThreshold threshold : thresholds) {
            AccountIds.requirePresent(threshold, "thresholds");
        }
        return thresholds.stream().distinct()
                .sorted(Comparator.comparing((AlertThreshold t) -> t.credits() == null)
                        .thenComparing(t -> t.credits() == null ? 0L : t.credits().amount())
                        .thenComparing(t -> t.percentOfAllocation() == null ? 0 : t.percentOfAllocation()))
                .toList();
    }
}
