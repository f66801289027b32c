package com.creditledger.account.decision;

import java.time.Duration;
import java.time.Instant;

/** A deadline a decision sets or cancels; the adapter hands it to the deadline manager. */
public sealed interface Deadline {

    /** The end of the cycle that starts at {@code periodStart}. */
    record CycleEnds(Instant periodStart, Instant at) implements Deadline {
    }

    /** The expiry of a new hold; the id it is scheduled under goes into the hold's event. */
    record HoldExpires(String jobId, Instant at) implements Deadline {
    }

    record CancelHoldExpiry(String deadlineId) implements Deadline {
    }

    /** The deadline being handled fired early: the same one again, {@code after} from now. */
    record Again(Duration after) implements Deadline {
    }
}
