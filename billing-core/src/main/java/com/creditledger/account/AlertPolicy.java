package com.creditledger.account;

import java.util.List;

/** The alert thresholds of accounts that have not chosen their own. */
public record AlertPolicy(List<AlertThreshold> defaults) {

    public AlertPolicy {
        defaults = AlertThreshold.normalized(defaults);
    }
}
