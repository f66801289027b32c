package com.creditledger.pricing;

/** What a job costs, and which catalog version said so. */
public record Quote(String tool, Toolkit toolkit, Credits credits, String catalogVersion) {
}
