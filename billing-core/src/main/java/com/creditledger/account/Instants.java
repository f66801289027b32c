package com.creditledger.account;

import java.time.Instant;

/** The instants a command may carry: those PostgreSQL and the deadline scheduler can hold. */
public final class Instants {

    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private Instants() {
    }

    /**
     * Java takes years up to a billion, PostgreSQL timestamps stop at 294276 and a deadline's
     * insert fails beyond: an instant outside four-digit years since the epoch is refused here, so
     * it never reaches the event store, the scheduler or a projection. Null passes: presence is
     * the caller's rule.
     */
    public static Instant requireStorable(Instant instant, String field) {
        if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field,
                    field + " must be between " + EARLIEST + " and " + LATEST + ", was " + instant);
        }
        return instant;
    }
}
