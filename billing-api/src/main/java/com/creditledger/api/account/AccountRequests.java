package com.creditledger.api.account;

import com.creditledger.account.AccountIds;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.pricing.Credits;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the account endpoints. Missing and negative amounts are named, not guessed. */
final class AccountRequests {

    private AccountRequests() {
    }

    record OpenAccountRequest(String accountId) {
    }

    record RenewalRequest(Long monthlyCredits, Instant periodStart, Instant periodEnd, String plan) {
    }

    record TopUpRequest(String paymentId, Long credits, String packageId) {
    }

    record ChargeRequest(String jobId, String tool, Map<String, Long> params) {
    }

    record RefundRequest(String jobId, String reason) {
    }

    record HoldRequest(String jobId, String tool, Map<String, Long> params, Instant expiresAt) {
    }

    /** {@code params} are the job's final parameters; left out, the held price is charged. */
    record CaptureRequest(Map<String, Long> params) {
    }

    record ReleaseRequest(String reason) {
    }

    record AlertThresholdsRequest(List<ThresholdRequest> thresholds) {
    }

    /** One threshold as sent; that it is one or the other, and a share in range, is the core's rule. */
    record ThresholdRequest(Long credits, Integer percentOfAllocation) {
    }

    static Credits credits(Long amount, String field) {
        if (amount == null) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field, field + " is required");
        }
        if (amount < 0) {
            throw new InvalidCommandException(RejectionReason.INVALID_AMOUNT, field, field + " cannot be negative");
        }
        return Credits.of(amount);
    }

    /** The list is required: an empty one turns alerts off, and going back to the defaults is a DELETE of its own. */
    static List<AlertThreshold> thresholds(List<ThresholdRequest> thresholds) {
        AccountIds.requirePresent(thresholds, "thresholds");
        List<AlertThreshold> converted = new ArrayList<>(thresholds.size());
        for (int i = 0; i < thresholds.size(); i++) {
            ThresholdRequest threshold = AccountIds.requirePresent(thresholds.get(i), "thresholds");
            Credits credits = threshold.credits() == null ? null : credits(threshold.credits(), "thresholds." + i + ".credits");
            converted.add(new AlertThreshold(credits, threshold.percentOfAllocation()));
        }
        return converted;
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, null, "the request body is missing");
        }
        return body;
    }
}
