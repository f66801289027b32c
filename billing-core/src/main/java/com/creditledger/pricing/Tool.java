package com.creditledger.pricing;

/** One priced tool of the catalog, identified by its kebab-case id. */
public record Tool(String id, String name, Toolkit toolkit, PriceRule price) {

    public Tool {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a tool needs an id");
        }
        if (toolkit == null || price == null) {
            throw new IllegalArgumentException("tool '" + id + "' needs a toolkit and a price");
        }
    }
}
