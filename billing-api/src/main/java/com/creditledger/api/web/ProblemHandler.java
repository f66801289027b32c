package com.creditledger.api.web;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
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

import java.util.stream.Collectors;

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
        Throwable cause = e.getCause();
        String field = null;
        String detail = "the request body is not valid JSON";
        if (cause instanceof JsonMappingException mapping && !(cause instanceof JsonParseException)) {
            field = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()))
                    .collect(Collectors.joining("."));
            if (cause instanceof UnrecognizedPropertyException) {
                detail = "'" + field + "' is not a field of this request";
            } else if (cause instanceof InvalidFormatException || cause instanceof MismatchedInputException) {
                detail = field.isEmpty() ? "the request body has the wrong shape" : "'" + field + "' has the wrong type or is out of range";
            } else {
                detail = "'" + field + "' is invalid: " + mapping.getOriginalMessage();
            }
            if (field.isEmpty()) {
                field = null;
            }
        } else if (cause == null) {
            detail = "the request body is missing";
        }
        return new ResponseEntity<>(Problems.problem(HttpStatus.BAD_REQUEST, RejectionReason.INVALID_REQUEST, field, detail),
                problemHeaders(), HttpStatus.BAD_REQUEST);
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
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
