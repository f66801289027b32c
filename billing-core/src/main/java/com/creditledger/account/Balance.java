package com.creditledger.account;

import com.creditledger.pricing.Credits;

/** What an account can spend, by kind. */
public record Balance(Credits subscription, Credits topUp) {

    public Credits total() {
        return subscription.plus(topUp);
    }
}
