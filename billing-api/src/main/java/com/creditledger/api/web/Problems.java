package com.creditledger.api.web;

import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.Locale;

/** How a refusal looks over HTTP: RFC 7807 problem+json with a machine-readable {@code reason}. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatus status, RejectionReason reason, String field, String detail) {
        return problem(status, reason.name(), field, detail);
    }

    /** A refusal that is not a command's, such as a document that is not a price catalog: its reason is the feature's own. */
    public static ProblemDetail problem(HttpStatus status, String reason, String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://credit-ledger.dev/problems/" + reason.toLowerCase(Locale.ROOT).replace('_', '-')));
        problem.setTitle(title(reason));
        problem.setProperty("reason", reason);
        if (field != null) {
            problem.setProperty("field", field);
        }
        return problem;
    }

    /** A rejected command, with what the ledger knows: whether it was a repeat, the price, the balance. */
    public static ResponseEntity<ProblemDetail> rejected(CommandResult result) {
        ProblemDetail problem = problem(statusOf(result.reason()), result.reason(), result.field(), result.message());
        problem.setProperty("duplicate", result.duplicate());
        if (result.credits() != null) {
            problem.setProperty("credits", result.credits());
        }
        if (result.balance() != null) {
            problem.setProperty("balance", result.balance());
        }
        return respond(problem);
    }

    public static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    static HttpStatus statusOf(RejectionReason reason) {
        return switch (reason) {
            case UNKNOWN_ACCOUNT, UNKNOWN_JOB, UNKNOWN_HOLD -> HttpStatus.NOT_FOUND;
            case IDEMPOTENCY_CONFLICT, ALREADY_REFUNDED, STALE_PERIOD, HOLD_CAPTURED, HOLD_RELEASED, HOLD_EXPIRED,
                 TOO_MANY_HOLDS -> HttpStatus.CONFLICT;
            case INSUFFICIENT_CREDITS -> HttpStatus.PAYMENT_REQUIRED;
            case UNKNOWN_TOOL, INVALID_PARAMS, INVALID_AMOUNT, INVALID_PERIOD, INVALID_EXPIRY -> HttpStatus.UNPROCESSABLE_ENTITY;
            case INVALID_REQUEST, INVALID_ACCOUNT_ID -> HttpStatus.BAD_REQUEST;
        };
    }

    private static String title(String reason) {
        String words = reason.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
