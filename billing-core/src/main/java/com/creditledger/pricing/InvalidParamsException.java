package com.creditledger.pricing;

/** A job's parameters cannot be priced; {@link #field()} names the parameter at fault. */
public class InvalidParamsException extends RuntimeException {

    private final String field;

    public InvalidParamsException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
