package com.creditledger.api.web;

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

    @ExceptionHandler(InvalidCommandException.class)
    ResponseEntity<ProblemDetail> invalidCommand(InvalidCommandException e) {
        return Problems.respond(Problems.problem(HttpStatus.BAD_REQUEST, e.reason(), e.field(), e.getMessage()));
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

    /** Spring's own refusals (wrong method, media type...) get a reason code too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getProperties() == null) {
            problem.setProperty("reason", RejectionReason.INVALID_REQUEST.name());
        }
        if (status.is5xxServerError()) {
            log.error("request failed", e);
        }
        return super.handleExceptionInternal(e, body, headers, status, request);
    }

    private static HttpHeaders problemHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
