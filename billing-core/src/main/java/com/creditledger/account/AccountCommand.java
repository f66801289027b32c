package com.creditledger.account;

import com.creditledger.pricing.Credits;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.creditledger.account.AccountIds.requireAccountId;
import static com.creditledger.account.AccountIds.requirePresent;
import static com.creditledger.account.AccountIds.requirePrintable;
import static com.creditledger.account.AccountIds.requireReference;
import static com.creditledger.account.Instants.requireStorable;

/**
 * Everything that can be asked of a credit account. The compact constructors check shape only
 * (ids, presence, printable text, storable instants); what the account decides about a command
 * is the aggregate's business.
 */
public sealed interface AccountCommand {

    String accountId();

    record OpenAccount(String accountId) implements AccountCommand {
        public OpenAccount {
            requireAccountId(accountId);
        }
    }

    /** Starts a billing cycle: the subscription balance becomes {@code monthlyCredits}. */
    record RenewSubscription(String accountId, String plan, Credits monthlyCredits,
                             Instant periodStart, Instant periodEnd) implements AccountCommand {
        public RenewSubscription {
            requireAccountId(accountId);
            requireReference(plan, "plan");
            requirePresent(monthlyCredits, "monthlyCredits");
            requireStorable(requirePresent(periodStart, "periodStart"), "periodStart");
            requireStorable(requirePresent(periodEnd, "periodEnd"), "periodEnd");
        }
    }

    record TopUp(String accountId, String paymentId, Credits credits, String packageId) implements AccountCommand {
        public TopUp {
            requireAccountId(accountId);
            requireReference(paymentId, "paymentId");
            requirePresent(credits, "credits");
            if (packageId != null) {
                requireReference(packageId, "packageId");
            }
        }
    }

    /** The caller names the tool and its parameters; the price always comes from the catalog. */
    record ChargeJob(String accountId, String jobId, String tool, Map<String, Long> params) implements AccountCommand {
        public ChargeJob {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(tool, "tool");
            params = sorted(params);
        }
    }

    record RefundJob(String accountId, String jobId, String reason) implements AccountCommand {
        public RefundJob {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(reason, "reason");
        }
    }

    /**
     * Holds the job's price until it ends. {@code expiresAt} may be left out: the account's
     * hold policy then gives the default.
     */
    record ReserveCredits(String accountId, String jobId, String tool, Map<String, Long> params,
                          Instant expiresAt) implements AccountCommand {
        public ReserveCredits {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(tool, "tool");
            params = sorted(params);
            requireStorable(expiresAt, "expiresAt");
        }
    }

    /** Charges a held job; {@code params} (the job's final parameters) reprice it, or null keeps the held price. */
    record CaptureCharge(String accountId, String jobId, Map<String, Long> params) implements AccountCommand {
        public CaptureCharge {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            params = params == null ? null : sorted(params);
        }
    }

    record ReleaseHold(String accountId, String jobId, String reason) implements AccountCommand {
        public ReleaseHold {
            requireAccountId(accountId);
            requireReference(jobId, "jobId");
            requireReference(reason, "reason");
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
