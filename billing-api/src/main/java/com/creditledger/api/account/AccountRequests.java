package com.creditledger.api.account;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.pricing.Credits;

import java.time.Instant;
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

    static Credits credits(Long amount, String field) {
        if (amount == null) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field, field + " is required");
        }
        if (amount < 0) {
            throw new InvalidCommandException(RejectionReason.INVALID_AMOUNT, field, field + " cannot be negative");
        }
        return Credits.of(amount);
    }

    static <T> T required(T body) {
        if (body == null) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, null, "the request body is missing");
        }
        return body;
    }
}
