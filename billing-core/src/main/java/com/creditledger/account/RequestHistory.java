package com.creditledger.account;

import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;

import java.time.Instant;
import java.util.Optional;

/**
 * Where an account's past requests are looked up by their idempotency keys (job id, payment
 * id, period start).
 * <p>
 * Idempotency must hold for an account's whole life. Keeping every id in the aggregate would
 * make its memory and snapshots grow without bound, so the ids live here instead: the aggregate
 * asks when a command arrives and records what it accepted. Implementations must write in the
 * same transaction as the events, so a rolled-back command leaves no record behind.
 */
public interface RequestHistory {

    /** How a job id was first used: charged directly ({@link JobCharged}) or held ({@link CreditsReserved}). One lookup serves both. */
    Optional<AccountEvent> findJob(String accountId, String jobId);

    /** How a hold ended: {@link HoldCaptured}, {@link HoldReleased} or {@link HoldExpired}. */
    Optional<AccountEvent> findSettlement(String accountId, String jobId);

    Optional<JobRefunded> findRefund(String accountId, String jobId);

    Optional<CreditsToppedUp> findTopUp(String accountId, String paymentId);

    Optional<SubscriptionRenewed> findRenewal(String accountId, Instant periodStart);

    /**
     * Records an accepted charge, hold, settlement, refund, top-up or renewal under its
     * idempotency key. {@code sequenceNumber} is the event's place in the account's stream: the
     * history keeps no copy of the event, it reads the stored one back (through the upcasters,
     * like every stored event), so it survives every change of an event's shape.
     */
    void remember(AccountEvent event, long sequenceNumber);

    /** The kinds of request, each with its key and event type: the one mapping every implementation shares. */
    enum Kind {
        CHARGE(JobCharged.class), HOLD(CreditsReserved.class),
        CAPTURE(HoldCaptured.class), RELEASE(HoldReleased.class), EXPIRY(HoldExpired.class),
        REFUND(JobRefunded.class), TOP_UP(CreditsToppedUp.class), RENEWAL(SubscriptionRenewed.class);

        private final Class<? extends AccountEvent> type;

        Kind(Class<? extends AccountEvent> type) {
            this.type = type;
        }

        public Class<? extends AccountEvent> type() {
            return type;
        }

        /** Whether {@code event} is filed under a request's key: every accepted keyed request's, and a hold's expiry. */
        public static boolean files(AccountEvent event) {
            for (Kind kind : values()) {
                if (kind.type.isInstance(event)) {
                    return true;
                }
            }
            return false;
        }

        public static Kind of(AccountEvent event) {
            for (Kind kind : values()) {
                if (kind.type.isInstance(event)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("no idempotency key for " + event.getClass().getSimpleName());
        }

        public static String keyOf(AccountEvent event) {
            if (event instanceof JobCharged e) {
                return e.jobId();
            } else if (event instanceof CreditsReserved e) {
                return e.jobId();
            } else if (event instanceof HoldCaptured e) {
                return e.jobId();
            } else if (event instanceof HoldReleased e) {
                return e.jobId();
            } else if (event instanceof HoldExpired e) {
                return e.jobId();
            } else if (event instanceof JobRefunded e) {
                return e.jobId();
            } else if (event instanceof CreditsToppedUp e) {
                return e.paymentId();
            } else if (event instanceof SubscriptionRenewed e) {
                return e.periodStart().toString();
            }
            throw new IllegalArgumentException("no idempotency key for " + event.getClass().getSimpleName());
        }
    }
}
