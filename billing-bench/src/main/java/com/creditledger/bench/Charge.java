package com.creditledger.bench;

import java.util.Objects;

/**
 * One job's charge against an account, in whole credits (a long, never a floating-point amount).
 *
 * @param accountId the account to debit
 * @param jobId     the job being paid for; recorded in the ledger row
 * @param credits   strictly positive: a zero or negative charge would be a no-op or a top-up in disguise
 */
public record Charge(String accountId, String jobId, long credits) {

    public Charge {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(jobId, "jobId");
        if (credits <= 0) {
            throw new IllegalArgumentException("credits must be > 0, was " + credits);
        }
    }
}
