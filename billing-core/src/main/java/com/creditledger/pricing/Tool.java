package com.creditledger.pricing;

/** One priced tool of the catalog, identified by its kebab-case id. */
public record Tool(String id, String name, Toolkit toolkit, PriceRule price) {
}
