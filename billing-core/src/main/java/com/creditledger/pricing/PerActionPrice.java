package com.creditledger.pricing;

import java.util.Map;
import java.util.Set;

/** A price per action: {@code actions x credits}. */
public record PerActionPrice(long credits, long maxActions) implements PriceRule {

    static final String ACTIONS = "actions";

    public PerActionPrice {
        PriceRule.requireAtLeast("credits", credits, 0);
        PriceRule.requireAtLeast("maxActions", maxActions, 1);
    }

    @Override
    public Credits price(Map<String, Long> params) {
        PriceRule.allowOnly(params, Set.of(ACTIONS));
        long actions = PriceRule.require(params, ACTIONS, 1, maxActions);
        return Credits.of(Math.multiplyExact(actions, credits));
    }
}
