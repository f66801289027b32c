package com.creditledger.api.web;

/**
 * No such account, from an endpoint whose answer is not a command result (a streamed file, say):
 * answered as {@code UNKNOWN_ACCOUNT}, as a command to that account would be.
 */
public class UnknownAccountException extends RuntimeException {

    private final String accountId;

    public UnknownAccountException(String accountId) {
        super("no account '" + accountId + "'", null, false, false);
        this.accountId = accountId;
    }

    public String accountId() {
        return accountId;
    }
}
