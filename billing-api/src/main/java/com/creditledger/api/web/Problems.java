package com.creditledger.api.web;

import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.util.Locale;

/** How a refusal looks over HTTP: RFC 7807 problem+json with a machine-readable {@code reason}. */
public final class Problems {

    public static final String UNAUTHENTICATED = "UNAUTHENTICATED";
    public static final String FORBIDDEN = "FORBIDDEN";
    /** The service failed, not the request: a bug or an outage, logged where it happened. */
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

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

    /**
     * A refusal made before any controller saw the request (by the servlet container, the security
     * firewall), said by its status alone.
     */
    public static ProblemDetail ofStatus(HttpStatus status) {
        String detail = switch (status) {
            case BAD_REQUEST -> "the request is malformed: its path, headers or encoding cannot be read";
            case HTTP_VERSION_NOT_SUPPORTED -> "the service speaks HTTP/1.1 and HTTP/1.0";
            case NOT_FOUND -> "no endpoint has this path";
            case METHOD_NOT_ALLOWED -> "this endpoint does not take this method";
            case PAYLOAD_TOO_LARGE -> "the request is too large";
            case URI_TOO_LONG -> "the path is too long";
            case REQUEST_HEADER_FIELDS_TOO_LARGE -> "the request's headers are too large";
            default -> status.is5xxServerError() ? "the service failed to answer; the failure is in its log"
                    : status.getReasonPhrase().toLowerCase(Locale.ROOT);
        };
        return problem(status, reasonOf(status), null, detail);
    }

    /** The reason of a refusal that is no command's: the caller's credentials, its request's form, or the service's failure. */
    public static String reasonOf(HttpStatusCode status) {
        if (status.value() == HttpStatus.UNAUTHORIZED.value()) {
            return UNAUTHENTICATED;
        }
        if (status.value() == HttpStatus.FORBIDDEN.value()) {
            return FORBIDDEN;
        }
        // a version of HTTP the server does not speak is the caller's doing, whatever its status class
        boolean servicesFault = status.is5xxServerError() && status.value() != HttpStatus.HTTP_VERSION_NOT_SUPPORTED.value();
        return servicesFault ? INTERNAL_ERROR : RejectionReason.INVALID_REQUEST.name();
    }

    public static HttpStatus statusOf(RejectionReason reason) {
        return switch (reason) {
            case UNKNOWN_ACCOUNT, UNKNOWN_JOB, UNKNOWN_HOLD -> HttpStatus.NOT_FOUND;
            case IDEMPOTENCY_CONFLICT, ALREADY_REFUNDED, STALE_PERIOD, PERIOD_NOT_STARTED, HOLD_CAPTURED, HOLD_RELEASED, HOLD_EXPIRED,
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
