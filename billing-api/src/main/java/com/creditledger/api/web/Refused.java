package com.creditledger.api.web;

import com.creditledger.account.CommandResult;

/**
 * A refusal with what the ledger knows, thrown so that an endpoint can declare the type of its
 * answer rather than "a result or a problem"; answered as {@link Problems#rejected}.
 */
public final class Refused extends RuntimeException {

    private final transient CommandResult result;

    public Refused(CommandResult result) {
        super(result.message(), null, false, false);
        this.result = result;
    }

    CommandResult result() {
        return result;
    }
}
