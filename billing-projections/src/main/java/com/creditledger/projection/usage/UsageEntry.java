package com.creditledger.projection.usage;

import java.time.Instant;
import java.util.Map;

/** A charge or a refund, as finance lists them. */
public record UsageEntry(String jobId, String kind, String tool, String toolkit, Map<String, Long> params,
                         String catalogVersion, long credits, long fromSubscription, long fromTopUp, Instant occurredAt,
                         long position) {
}
