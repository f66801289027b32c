package com.creditledger.account;

import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.pricing.Credits;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static com.creditledger.account.AccountIds.requireAccountId;
import static com.creditledger.account.AccountIds.requirePresent;
import static com.creditledger.account.AccountIds.requirePrintable;
import static com.creditledger.account.AccountIds.requireReference;
import static com.creditledger.account.Instants.requireStorable;

/**
 * Everything that can be asked of a credit account. The compact constructors check shape only
 * (ids, presence, printable text, storable instants); what the account decides about a command
 * is its feature's decider's business.
 */
public sealed interface AccountCommand {

    String accountId();

    /**
     * A request with an idempotency key. The first accepted request of a key is recorded; sent
     * again unchanged it is answered as the first time, marked duplicate, and changes nothing;
     * with anything else changed it is refused ({@code IDEMPOTENCY_CONFLICT}). Each request says
     * here, and only here, what "unchanged" means for it.
     */
    sealed interface Keyed extends AccountCommand {

        /** The key's field, named as callers send it. */
        String keyField();

        String key();

        /** The kind of record the key's first acceptance left in the {@link RequestHistory}. */
        RequestHistory.Kind recordedAs();

        /** Whether {@code recorded}, the event the key was first accepted with, records this same request. */
        boolean repeats(AccountEvent recorded);

        /** The field a conflict names: the key, unless the key leaves only one field that can differ. */
        default String conflictingField() {
            return keyField();
        }
    }

    /** A keyed request about one job: a job id is one job for the account's whole life. */
    sealed interface JobRequest extends Keyed {

        String jobId();

        @Override
        default String keyField() {
            return "jobId";
        }

        @Override
        default String key() {
            return jobId();
        }
    }

    record OpenAccount(String accountId) implements AccountCommand {
        public OpenAccount {
            requireAccountId(accountId);
        }
    }

    /** Starts a billing cycle: the subscription balance becomes {@code monthlyCredits}. */
    record RenewSubscription(String accountId, String plan, Credits monthlyCredits,
                             Instant periodStart, Instant periodEnd) implements Keyed {
        public RenewSubscription {
            requireAccountId(accountId);
            requireReference(plan, "plan");
            requirePresent(monthlyCredits, "monthlyCredits");
            requireStorable(requirePresent(periodStart, "periodStart"), "periodStart");
            requireStorable(requirePresent(periodEnd, "periodEnd"), "periodEnd");
        }

        @Override
        public RequestHistory.Kind recordedAs() {
            return RequestHistory.Kind.RENEWAL;
        }

        @Override
        public String keyField() {
            return "periodStart";
        }

        @Override
        public String key() {
            return periodStart.toString();
        }

        @Override
        public boolean repeats(AccountEvent recorded) {
            return recorded instanceof SubscriptionRenewed renewal && renewal.plan().equals(plan)
                    && renewal.monthlyCredits().equals(monthlyCredits) && renewal.periodEnd().equals(periodEnd);
        }
    }

    record TopUp(String accountId, String paymentId, Credits credits, String packageId) implements Keyed {
        public TopUp {
            requireAccountId(accountId);
            requireReference(paymentId, "paymentId");
            requirePresent(credits, "credits");
            if (packageId != null) {
                requireReference(packageId, "packageId");
            }
        }

        @Override
        public RequestHistory.Kind recordedAs() {
            return RequestHistory.Kind.TOP_UP;
        }

        @Override
        public String keyField() {
            return "paymentId";
        }

        @Override
        public String key() {
            return paymentId;
        }

        @Override
        public boolean repeats(AccountEvent recorded) {
            return recorded instanceof CreditsToppedUp topUp && topUp.credits().equals(credits)
                    && Objects.equals(topUp.packageId(), packageId);
        }
    }

    /** The caller names the tool and its parameters; the price always comes from the catalog. */
    record ChargeJob(String accountId, String jobId, String tool, Map<String, Long> params) implements JobRequest {
        public ChargeJob {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(tool, "tool");
            params = sorted(params);
        }

        @Override
        public RequestHistory.Kind recordedAs() {
            return RequestHistory.Kind.CHARGE;
        }

        @Override
        public boolean repeats(AccountEvent recorded) {
            return recorded instanceof JobCharged charge && charge.tool().equals(tool) && charge.params().equals(params);
        }
    }

    record RefundJob(String accountId, String jobId, String reason) implements JobRequest {
        public RefundJob {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(reason, "reason");
        }

        @Override
        public RequestHistory.Kind recordedAs() {
            return RequestHistory.Kind.REFUND;
        }

        @Override
        public boolean repeats(AccountEvent recorded) {
            return recorded instanceof JobRefunded refund && Objects.equals(refund.reason(), reason);
        }
    }

    /**
     * Holds the job's price until it ends. {@code expiresAt} may be left out: the account's
     * hold policy then gives the default.
     */
    record ReserveCredits(String accountId, String jobId, String tool, Map<String, Long> params,
                          Instant expiresAt) implements JobRequest {
        public ReserveCredits {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(tool, "tool");
            params = sorted(params);
            requireStorable(expiresAt, "expiresAt");
        }

        @Override
        public RequestHistory.Kind recordedAs() {
            return RequestHistory.Kind.HOLD;
        }

        @Override
        public boolean repeats(AccountEvent recorded) {
            return recorded instanceof CreditsReserved hold && hold.tool().equals(tool) && hold.params().equals(params)
                    && (expiresAt == null || expiresAt.equals(hold.expiresAt()));
        }
    }

    /** Charges a held job; {@code params} (the job's final parameters) reprice it, or null keeps the held price. */
    record CaptureCharge(String accountId, String jobId, Map<String, Long> params) implements JobRequest {
        public CaptureCharge {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            params = params == null ? null : sorted(params);
        }

        /** A capture's only terms are its final params. */
        @Override
        public RequestHistory.Kind recordedAs() {
            return RequestHistory.Kind.CAPTURE;
        }

        @Override
        public String conflictingField() {
            return "params";
        }

        @Override
        public boolean repeats(AccountEvent recorded) {
            return recorded instanceof HoldCaptured capture && (params == null || capture.params().equals(params));
        }
    }

    record ReleaseHold(String accountId, String jobId, String reason) implements JobRequest {
        public ReleaseHold {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(reason, "reason");
        }

        @Override
        public RequestHistory.Kind recordedAs() {
            return RequestHistory.Kind.RELEASE;
        }

        @Override
        public boolean repeats(AccountEvent recorded) {
            return recorded instanceof HoldReleased release && Objects.equals(release.reason(), reason);
        }
    }

    /** Replaces the account's alert thresholds; an empty list turns alerts off, null restores the defaults. */
    record ConfigureBalanceAlerts(String accountId, List<AlertThreshold> thresholds) implements AccountCommand {
        public ConfigureBalanceAlerts {
            requireAccountId(accountId);
            thresholds = thresholds == null ? null : AlertThreshold.normalized(thresholds);
        }
    }

    /** Parameters in one canonical order, so equal requests compare (and serialize) equal. */
    static Map<String, Long> sorted(Map<String, Long> params) {
        if (params == null) {
            return Collections.emptySortedMap();
        }
        for (Map.Entry<String, Long> entry : params.entrySet()) {
            requirePrintable(entry.getKey(), "params");
            requirePresent(entry.getValue(), "params." + entry.getKey());
        }
        return Collections.unmodifiableSortedMap(new TreeMap<>(params));
    }
}
