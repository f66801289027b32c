package com.creditledger.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Set;

/**
 * Security denies every request that no rule allows, endpoints yet to be given a rule included.
 * This tells the caller why: no endpoint has that path (404), the endpoint takes other methods
 * (405), or the role may not make the request (403, naming the roles that may). Nothing is handled
 * either way.
 */
class UnmappedRequests {

    /** Why a request was denied, and for a 405 the methods its path takes. */
    record Denial(HttpStatus status, String detail, Set<HttpMethod> allowed) {
    }

    private final ObjectProvider<HandlerMapping> controllers;

    UnmappedRequests(ObjectProvider<HandlerMapping> controllers) {
        this.controllers = controllers;
    }

    Denial denial(HttpServletRequest request) {
        HandlerMapping mapping = controllers.getIfAvailable();
        try {
            if (mapping != null && mapping.getHandler(request) == null) {
                return new Denial(HttpStatus.NOT_FOUND, "no endpoint has this path", Set.of());
            }
        } catch (HttpRequestMethodNotSupportedException e) {
            Set<HttpMethod> allowed = e.getSupportedHttpMethods() == null ? Set.of() : e.getSupportedHttpMethods();
            return new Denial(HttpStatus.METHOD_NOT_ALLOWED, "this endpoint does not take " + request.getMethod(), allowed);
        } catch (Exception e) {
            // a mapped path whose request the mapping cannot match further (media type...): the role's refusal stands
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return new Denial(HttpStatus.FORBIDDEN,
                EndpointRoles.denial(EndpointRoles.rolesFor(HttpMethod.valueOf(request.getMethod()), path)), Set.of());
    }
}
