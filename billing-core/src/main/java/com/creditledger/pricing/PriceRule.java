package com.creditledger.pricing;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.Map;

/** How a tool's price follows from a job's parameters. Implementations use integer arithmetic only. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FixedPrice.class, name = "fixed"),
        @JsonSubTypes.Type(value = PerActionPrice.class, name = "per-action"),
        @JsonSubTypes.Type(value = ResolutionPrice.class, name = "resolution")
})
public sealed interface PriceRule permits FixedPrice, PerActionPrice, ResolutionPrice {

    /**
     * @throws InvalidParamsException when a parameter is missing, unexpected or out of range
     */
    Credits price(Map<String, Long> params);

    /** A rule's own numbers, checked when a catalog is read: a negative price would fail only when a job is priced. */
    static void requireAtLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("'" + field + "' must be at least " + min + ", was " + value);
        }
    }

    static long require(Map<String, Long> params, String field, long min, long max) {
        Long value = params.get(field);
        if (value == null) {
            throw new InvalidParamsException(field, "'" + field + "' is required");
        }
        if (value < min || value > max) {
            throw new InvalidParamsException(field, "'" + field + "' must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** Unknown parameters are refused so that two requests that price alike also look alike. */
    static void allowOnly(Map<String, Long> params, java.util.Set<String> allowed) {
        for (String field : params.keySet()) {
            if (!allowed.contains(field)) {
                throw new InvalidParamsException(field, "'" + field + "' is not a parameter of this tool (expected " + (allowed.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(allowed))) + ")");
            }
        }
    }
}
