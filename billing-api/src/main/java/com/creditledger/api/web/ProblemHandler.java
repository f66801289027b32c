package com.creditledger.api.web;

import com.creditledger.account.Accounts;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.json.JsonError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns every refusal of a request into problem+json that names what was wrong. */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(UnknownAccountException.class)
    ResponseEntity<ProblemDetail> unknownAccount(UnknownAccountException e) {
        return Problems.rejected(Accounts.unknownAccount(e.accountId()));
    }

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<ProblemDetail> invalidCommand(InvalidCommandException e) {
        return Problems.respond(Problems.problem(HttpStatus.BAD_REQUEST, e.reason(), e.field(), e.getMessage()));
    }

    @ExceptionHandler(Refused.class)
    ResponseEntity<ProblemDetail> refused(Refused e) {
        return Problems.rejected(e.result());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.respond(Problems.problem(HttpStatus.BAD_REQUEST, RejectionReason.INVALID_REQUEST, e.getName(),
                "'" + e.getName() + "' has an invalid value: " + e.getValue()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        JsonError error = e.getCause() == null ? new JsonError(null, "the request body is missing")
                : JsonError.of(e.getCause(), "the request body");
        return new ResponseEntity<>(Problems.problem(HttpStatus.BAD_REQUEST, RejectionReason.INVALID_REQUEST, error.field(),
                error.message()), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return new ResponseEntity<>(Problems.problem(HttpStatus.BAD_REQUEST, RejectionReason.INVALID_REQUEST,
                e.getParameterName(), "'" + e.getParameterName() + "' is required"), problemHeaders(), HttpStatus.BAD_REQUEST);
    }

    /** Spring's refusals of the request's form, in the service's words. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e, HttpHeaders headers,
                                                                     HttpStatusCode status, WebRequest request) {
        e.getBody().setDetail("the request body must be JSON, sent with Content-Type: application/json");
        return super.handleHttpMediaTypeNotSupported(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotAcceptable(HttpMediaTypeNotAcceptableException e, HttpHeaders headers,
                                                                      HttpStatusCode status, WebRequest request) {
        e.getBody().setDetail("the answer is application/json (a refusal application/problem+json), which the Accept header does not allow");
        return super.handleHttpMediaTypeNotAcceptable(e, headers, status, request);
    }

    /** Every refusal Spring MVC makes on its own (wrong method, media type...) gets a reason code too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (status.is5xxServerError()) {
            log.error("request failed", e);
        }
        ResponseEntity<Object> response = super.handleExceptionInternal(e, body, headers, status, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("reason"))) {
            problem.setProperty("reason", Problems.reasonOf(status));
        }
        return response;
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
