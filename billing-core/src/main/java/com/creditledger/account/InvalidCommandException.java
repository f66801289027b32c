package com.creditledger.account;

/** A command that cannot even be built: it never reaches an account, so it changes nothing. */
public class InvalidCommandException extends RuntimeException {

    private final RejectionReason reason;
    private final String field;

    public InvalidCommandException(RejectionReason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public RejectionReason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
