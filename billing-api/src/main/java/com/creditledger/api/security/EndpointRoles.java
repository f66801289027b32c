package com.creditledger.api.security;

import com.creditledger.api.security.BillingUsers.Role;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPatternParser;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.creditledger.api.security.BillingUsers.Role.AUDITOR;
import static com.creditledger.api.security.BillingUsers.Role.BILLING;
import static com.creditledger.api.security.BillingUsers.Role.FINANCE;
import static com.creditledger.api.security.BillingUsers.Role.JOB_SERVICE;

/**
 * Which roles may call which endpoints: the one table that both the security rules and the API
 * description are made of, so that what is documented is what is enforced. The first rule that
 * matches a request decides; a request no rule matches is denied.
 */
public final class EndpointRoles {

    /** {@code method} null: any method. */
    record Rule(HttpMethod method, Set<Role> roles, List<String> paths) {

        Rule(HttpMethod method, Set<Role> roles, String... paths) {
            this(method, Set.copyOf(roles), List.of(paths));
        }

        String[] roleNames() {
            return roles.stream().sorted().map(Role::name).toArray(String[]::new);
        }

        boolean matches(HttpMethod requested, PathContainer path) {
            return (method == null || method.equals(requested))
                    && paths.stream().map(PathPatternParser.defaultInstance::parse).anyMatch(pattern -> pattern.matches(path));
        }
    }

    private static final Set<Role> SIGNED_IN = EnumSet.allOf(Role.class);

    static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.POST, Set.of(JOB_SERVICE), "/api/accounts/*/charges", "/api/accounts/*/holds",
                    "/api/accounts/*/holds/*/capture", "/api/accounts/*/holds/*/release"),
            new Rule(HttpMethod.PUT, Set.of(BILLING), "/api/accounts/*/alert-thresholds"),
            new Rule(HttpMethod.DELETE, Set.of(BILLING), "/api/accounts/*/alert-thresholds"),
            new Rule(HttpMethod.POST, Set.of(BILLING), "/api/accounts", "/api/accounts/*/renewals",
                    "/api/accounts/*/top-ups", "/api/accounts/*/refunds"),
            new Rule(HttpMethod.GET, SIGNED_IN, "/api/pricing", "/api/pricing/**", "/api/accounts", "/api/accounts/*/balance",
                    "/api/accounts/*/holds", "/api/accounts/*/alerts"),
            new Rule(HttpMethod.GET, Set.of(FINANCE, AUDITOR), "/api/accounts/*/usage", "/api/accounts/*/usage/export",
                    "/api/accounts/*/balance-history", "/api/finance/**"),
            new Rule(HttpMethod.POST, Set.of(FINANCE, AUDITOR), "/api/finance/re-rating"),
            new Rule(null, Set.of(AUDITOR), "/api/audit/**", "/api/operations/**"),
            new Rule(null, SIGNED_IN, "/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html"));

    private EndpointRoles() {
    }

    /** The rule deciding a request for {@code path}, as sent or as a template such as {@code /api/accounts/{accountId}}. */
    private static Optional<Rule> ruleFor(HttpMethod method, String path) {
        PathContainer container = PathContainer.parsePath(path);
        return RULES.stream().filter(rule -> rule.matches(method, container)).findFirst();
    }

    /** The roles that may make the request; none when no rule allows it. */
    public static Set<Role> rolesFor(HttpMethod method, String path) {
        return ruleFor(method, path).map(Rule::roles).orElse(Set.of());
    }

    /** What a caller refused for its role is told: who may. */
    public static String denial(Set<Role> roles) {
        if (roles.isEmpty()) {
            return "no role may do this";
        }
        String names = String.join(", ", roles.stream().sorted().map(Role::name).toList());
        return roles.size() == 1 ? "this needs the role " + names : "this needs one of the roles " + names;
    }
}
