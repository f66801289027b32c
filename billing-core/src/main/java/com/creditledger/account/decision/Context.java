package com.creditledger.account.decision;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountPolicies;
import com.creditledger.account.RequestHistory;

import java.time.Instant;
import java.util.Optional;

/**
 * What a decider is given besides the account's state and the command: the moment it decides at
 * (never read from a clock here), the service's policies and the account's past requests.
 */
public record Context(String accountId, Instant now, AccountPolicies policies, RequestHistory history) {

    /** How a job id was first used: charged or held. */
    public Optional<AccountEvent> findJob(String jobId) {
        return history.findJob(accountId, jobId);
    }

    /** How a hold ended: captured, released or expired. */
    public Optional<AccountEvent> findSettlement(String jobId) {
        return history.findSettlement(accountId, jobId);
    }

    public Optional<JobRefunded> findRefund(String jobId) {
        return history.findRefund(accountId, jobId);
    }
}
