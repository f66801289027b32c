package com.creditledger.api.account;

import com.creditledger.account.AccountIds;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.pricing.Credits;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/** The JSON bodies of the account endpoints. Missing and negative amounts are named, not guessed. */
final class AccountRequests {

    private static final String PARAMS = "the tool's parameters: text-to-motion takes actions; text-to-material and "
            + "image-to-material take width, height and upscale; the other tools none";
    private static final String PARAMS_EXAMPLE = "{\"width\":1024,\"height\":1024,\"upscale\":2}";

    private AccountRequests() {
    }

    record OpenAccountRequest(@Schema(requiredMode = REQUIRED, example = "acc-1", pattern = "^[A-Za-z0-9._:-]{1,64}$") String accountId) {
    }

    record RenewalRequest(@Schema(requiredMode = REQUIRED, example = "1000", minimum = "0") Long monthlyCredits,
                          @Schema(requiredMode = REQUIRED, example = "2026-11-01T00:00:00Z") Instant periodStart,
                          @Schema(requiredMode = REQUIRED, example = "2026-12-01T00:00:00Z") Instant periodEnd,
                          @Schema(requiredMode = REQUIRED, example = "pro") String plan) {
    }

    record TopUpRequest(@Schema(requiredMode = REQUIRED, example = "pay-9") String paymentId,
                        @Schema(requiredMode = REQUIRED, example = "500", minimum = "1") Long credits,
                        @Schema(example = "pack-500") String packageId) {
    }

    record ChargeRequest(@Schema(requiredMode = REQUIRED, example = "job-42") String jobId,
                         @Schema(requiredMode = REQUIRED, example = "text-to-material") String tool,
                         @Schema(description = PARAMS, example = PARAMS_EXAMPLE) Map<String, Long> params) {
    }

    record RefundRequest(@Schema(requiredMode = REQUIRED, example = "job-42") String jobId,
                         @Schema(requiredMode = REQUIRED, example = "generation failed") String reason) {
    }

    record HoldRequest(@Schema(requiredMode = REQUIRED, example = "job-43") String jobId,
                       @Schema(requiredMode = REQUIRED, example = "text-to-motion") String tool,
                       @Schema(description = PARAMS, example = "{\"actions\":10}") Map<String, Long> params,
                       @Schema(description = "when the credits go back unless captured or released; "
                               + "default billing.holds.default-duration from now") Instant expiresAt) {
    }

    /** {@code params} are the job's final parameters; left out, the held price is charged. */
    record CaptureRequest(@Schema(description = PARAMS, example = "{\"actions\":8}") Map<String, Long> params) {
    }

    record ReleaseRequest(@Schema(requiredMode = REQUIRED, example = "cancelled") String reason) {
    }

    record AlertThresholdsRequest(@Schema(requiredMode = REQUIRED, description = "at most 10; [] turns alerts off")
                                  List<ThresholdRequest> thresholds) {
    }

    /** One threshold as sent; that it is one or the other, and a share in range, is the core's rule. */
    record ThresholdRequest(@Schema(example = "50", minimum = "0") Long credits,
                            @Schema(example = "20", minimum = "1", maximum = "100") Integer percentOfAllocation) {
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
}
