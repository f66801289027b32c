package com.creditledger.api.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the servlet container answers for an error no controller handled (a request the security
 * firewall rejects, an exception that escaped, a call of {@code /error} itself): problem+json with a
 * reason, in place of Spring Boot's own error document.
 */
@RestController
@Hidden // not an operation of the API: the container's answer to errors
class ErrorPages implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code
                ? HttpStatus.resolve(code) : null;
        return Problems.respond(Problems.ofStatus(status == null ? HttpStatus.NOT_FOUND : status));
    }
}
