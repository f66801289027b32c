package com.creditledger.account;

import com.creditledger.pricing.Credits;

/**
 * Credits by the bucket they come from or go to. Events keep their amounts as flat fields (that
 * is their stored JSON); deciders build and read them through splits, so that a subscription
 * amount can never be passed where a top-up amount belongs.
 */
public record Split(Credits subscription, Credits topUp) {

    public static final Split NONE = new Split(Credits.ZERO, Credits.ZERO);

    /** {@code credits} taken subscription first, as far as {@code subscription} goes. */
    public static Split subscriptionFirst(Credits credits, Credits subscription) {
        Credits fromSubscription = subscription.min(credits);
        return new Split(fromSubscription, credits.minus(fromSubscription));
    }

    public Credits total() {
        return subscription.plus(topUp);
    }

    public Split plus(Split other) {
        return new Split(subscription.plus(other.subscription), topUp.plus(other.topUp));
    }

    public Split minus(Split other) {
        return new Split(subscription.minus(other.subscription), topUp.minus(other.topUp));
    }
}
