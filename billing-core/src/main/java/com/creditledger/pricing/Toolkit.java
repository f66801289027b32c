package com.creditledger.pricing;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The product families the tools are sold in; finance reports usage per toolkit. */
public enum Toolkit {
    MOTION, ENVIRONMENT, MESH, MATERIAL;

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
