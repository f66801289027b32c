package com.creditledger.pricing;

public class UnknownToolException extends RuntimeException {

    public UnknownToolException(String tool, String catalogVersion) {
        super("unknown tool '" + tool + "' in price catalog " + catalogVersion);
    }
}
