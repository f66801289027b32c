package com.creditledger.pricing;

import java.util.Map;
import java.util.Set;

/** The same price for every job of the tool; the tool takes no parameters. */
public record FixedPrice(long credits) implements PriceRule {

    public FixedPrice {
        PriceRule.requireAtLeast("credits", credits, 0);
    }

    @Override
    public Credits price(Map<String, Long> params) {
        PriceRule.allowOnly(params, Set.of());
        return Credits.of(credits);
    }
}
