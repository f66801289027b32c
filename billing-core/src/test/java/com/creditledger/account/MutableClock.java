package com.creditledger.account;

import org.axonframework.test.aggregate.ResultValidator;
import org.axonframework.test.aggregate.TestExecutor;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, so tests can cross cycle boundaries. */
public class MutableClock extends Clock {

    private Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void setTo(Instant instant) {
        now = instant;
    }

    /** Time passes for the fixture's deadline manager and for the account's clock alike: deadlines are decided with the clock. */
    public ResultValidator<CreditAccount> whenTimeAdvancesTo(TestExecutor<CreditAccount> given, Instant time) {
        setTo(time);
        return given.whenThenTimeAdvancesTo(time);
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
        return now;
    }
}
