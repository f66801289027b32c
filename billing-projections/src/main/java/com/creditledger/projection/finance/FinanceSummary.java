package com.creditledger.projection.finance;

import java.time.Instant;

/**
 * Credits in a period [from, to). {@code outstandingTopUp} is the top-up credits held across
 * all accounts at {@code to}: the company's liability for credits sold but not yet used.
 */
public record FinanceSummary(Instant from, Instant to, Totals totals, long outstandingTopUp) {
}
