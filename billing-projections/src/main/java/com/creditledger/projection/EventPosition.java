package com.creditledger.projection;

import org.axonframework.eventhandling.TrackingToken;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Where and when an event stands in the store, in the shapes the projection tables keep. */
public final class EventPosition {

    private EventPosition() {
    }

    /** The event's global position, as the tracking token that delivered it says. */
    public static long of(TrackingToken token) {
        return token.position().orElseThrow(() -> new IllegalStateException("a token without a position: " + token));
    }

    /** The JDBC driver takes offset date-times, not instants; the ledger's time zone is UTC. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
