package com.creditledger.api.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock, shifted: a test can move the service to another date, and time still
 * passes there as it does everywhere else (tracking processors rely on that).
 */
public class OffsetClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void moveTo(Instant instant) {
        offset = Duration.between(Instant.now(), instant);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the ledger's time is UTC");
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
