package com.creditledger.account;

import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What an account can spend, by kind. */
public record Balance(Credits subscription, Credits topUp) {

    @JsonProperty("total")
    public Credits total() {
        return subscription.plus(topUp);
    }
}
