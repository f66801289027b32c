package com.creditledger.projection.usage;

import java.time.Instant;

/** Which of an account's charges and refunds to list; null fields do not filter. {@code to} is exclusive. */
public record UsageFilter(String accountId, Instant from, Instant to, String toolkit, String tool, int page, int size) {
}
