package com.creditledger.account;

import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an account can spend, by kind, and what is held for running jobs on top of that.
 * {@code total} is what can be spent now; held credits are neither spendable nor spent yet.
 */
public record Balance(Credits subscription, Credits topUp, Held held) {

    public Balance(Credits subscription, Credits topUp) {
        this(subscription, topUp, Held.NONE);
    }

    public Balance {
        held = held == null ? Held.NONE : held;
    }

    @JsonProperty("total")
    public Credits total() {
        return subscription.plus(topUp);
    }

    /** Credits held for running jobs, by the kind they were taken from. */
    public record Held(Credits subscription, Credits topUp) {

        public static final Held NONE = new Held(Credits.ZERO, Credits.ZERO);

        @JsonProperty("total")
        public Credits total() {
            return subscription.plus(topUp);
        }
    }
}
