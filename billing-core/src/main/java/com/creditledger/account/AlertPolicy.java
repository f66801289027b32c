package com.creditledger.account;

import java.util.List;

/** The alert thresholds of accounts that have not chosen their own. */
public record AlertPolicy(List<AlertThreshold> defaults) {

    public static final AlertPolicy STANDARD = new AlertPolicy(List.of(AlertThreshold.ofAllocation(20), AlertThreshold.ofCredits(0)));

    public AlertPolicy {
        defaults = AlertThreshold.normalized(defaults);
    }
}
