package com.creditledger.pricing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A whole, non-negative number of credits. Credits are the unit every price, balance and
 * movement is counted in; there are no fractions of a credit anywhere in the ledger.
 */
public record Credits(long amount) implements Comparable<Credits> {

    public static final Credits ZERO = new Credits(0);

    public Credits {
        if (amount < 0) {
            throw new IllegalArgumentException("credits cannot be negative: " + amount);
        }
    }

    @JsonCreator
    public static Credits of(long amount) {
        return amount == 0 ? ZERO : new Credits(amount);
    }

    @JsonValue
    @Override
    public long amount() {
        return amount;
    }

    public Credits plus(Credits other) {
        return of(Math.addExact(amount, other.amount));
    }

    /** Fails rather than going below zero: a negative balance is a bug, never a state. */
    public Credits minus(Credits other) {
        return of(Math.subtractExact(amount, other.amount));
    }

    public Credits min(Credits other) {
        return amount <= other.amount ? this : other;
    }

    public boolean isZero() {
        return amount == 0;
    }

    public boolean isLessThan(Credits other) {
        return amount < other.amount;
    }

    @Override
    public int compareTo(Credits other) {
        return Long.compare(amount, other.amount);
    }

    @Override
    public String toString() {
        return amount + " credits";
    }
}
