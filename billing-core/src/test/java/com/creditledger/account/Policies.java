package com.creditledger.account;

import java.time.Duration;
import java.util.List;

/** The policies of the service's default configuration (application.yml), for tests without it. */
final class Policies {

    static final HoldPolicy HOLDS = new HoldPolicy(Duration.ofHours(1), Duration.ofDays(7), 1000);
    static final AlertPolicy ALERTS = new AlertPolicy(List.of(AlertThreshold.ofAllocation(20), AlertThreshold.ofCredits(0)));

    private Policies() {
    }
}
