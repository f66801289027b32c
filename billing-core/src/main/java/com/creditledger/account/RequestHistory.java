package com.creditledger.account;

import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;

import java.time.Instant;
import java.util.Optional;

/**
 * Where an account's past charges, refunds, top-ups and renewals are looked up by their
 * idempotency keys (job id, payment id, period start).
 * <p>
 * Idempotency must hold for an account's whole life. Keeping every id in the aggregate would
 * make its memory and snapshots grow without bound, so the ids live here instead: the aggregate
 * asks when a command arrives and records what it accepted. Implementations must write in the
 * same transaction as the events, so a rolled-back command leaves no record behind.
 */
public interface RequestHistory {

    Optional<JobCharged> findCharge(String accountId, String jobId);

    Optional<JobRefunded> findRefund(String accountId, String jobId);

    Optional<CreditsToppedUp> findTopUp(String accountId, String paymentId);

    Optional<SubscriptionRenewed> findRenewal(String accountId, Instant periodStart);

    /** Records an accepted charge, refund, top-up or renewal under its idempotency key. */
    void remember(AccountEvent event);
}
