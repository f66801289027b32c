package com.creditledger.projection.finance;

import java.time.Instant;

/** The movements of one day or month for one toolkit or tool ({@code key}; null for grants and top-ups). */
public record UsageBucket(Instant period, String key, Totals totals) {
}
