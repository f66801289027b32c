package com.creditledger.api.security;

import com.creditledger.api.security.BillingUsers.Role;
import com.creditledger.api.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.util.stream.Collectors;

/**
 * HTTP Basic with four roles. Billing grants credits and sets alert thresholds, job services
 * hold and spend credits, finance and auditors read; anonymous callers see only the health check.
 */
@Configuration
@EnableConfigurationProperties(BillingUsers.class)
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    public static final String JOB_SERVICE = Role.JOB_SERVICE.name();
    public static final String BILLING = Role.BILLING.name();
    public static final String FINANCE = Role.FINANCE.name();
    public static final String AUDITOR = Role.AUDITOR.name();

    /** After the console's chain ({@code ConsoleSecurity}), which takes {@code /console/**} first. */
    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json,
                            @Qualifier("requestMappingHandlerMapping") ObjectProvider<HandlerMapping> controllers) throws Exception {
        UnmappedRequests unmapped = new UnmappedRequests(controllers);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) ->
                        write(response, json, HttpStatus.UNAUTHORIZED, "authentication required", true)))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) ->
                                write(response, json, HttpStatus.UNAUTHORIZED, "authentication required", true))
                        .accessDeniedHandler((request, response, e) -> deny(response, json, unmapped.denial(request))))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/accounts/*/charges").hasRole(JOB_SERVICE)
                        .requestMatchers(HttpMethod.POST, "/api/accounts/*/holds", "/api/accounts/*/holds/*/capture",
                                "/api/accounts/*/holds/*/release").hasRole(JOB_SERVICE)
                        .requestMatchers(HttpMethod.PUT, "/api/accounts/*/alert-thresholds").hasRole(BILLING)
                        .requestMatchers(HttpMethod.DELETE, "/api/accounts/*/alert-thresholds").hasRole(BILLING)
                        .requestMatchers(HttpMethod.POST, "/api/accounts", "/api/accounts/*/renewals",
                                "/api/accounts/*/top-ups", "/api/accounts/*/refunds").hasRole(BILLING)
                        .requestMatchers(HttpMethod.GET, "/api/pricing", "/api/pricing/**", "/api/accounts", "/api/accounts/*/balance",
                                "/api/accounts/*/holds", "/api/accounts/*/alerts")
                        .hasAnyRole(JOB_SERVICE, BILLING, FINANCE, AUDITOR)
                        .requestMatchers(HttpMethod.GET, "/api/accounts/*/usage", "/api/accounts/*/usage/export",
                                "/api/accounts/*/balance-history", "/api/finance/**").hasAnyRole(FINANCE, AUDITOR)
                        .requestMatchers(HttpMethod.POST, "/api/finance/re-rating").hasAnyRole(FINANCE, AUDITOR)
                        .requestMatchers("/api/audit/**").hasRole(AUDITOR)
                        .requestMatchers("/api/operations/**").hasRole(AUDITOR)
                        .requestMatchers("/actuator/**", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .hasAnyRole(JOB_SERVICE, BILLING, FINANCE, AUDITOR)
                        .anyRequest().denyAll());
        return http.build();
    }

    /**
     * The firewall's refusals (a method it does not take, such as TRACE; "//", ";" or an encoded
     * "/" in the path) written at once: sent as an error they would be dispatched to the error page
     * with the same request, which the firewall refuses again, leaving an empty answer.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, e) -> write(response, json, HttpStatus.BAD_REQUEST,
                "the request is malformed: its method or path is refused", false);
    }

    @Bean
    UserDetailsService users(BillingUsers users, @Value("${billing.db.url:}") String databaseUrl,
                             @Value("${billing.security.allow-demo-passwords:false}") boolean allowDemoPasswords) {
        if (!databaseUrl.isBlank() && !allowDemoPasswords && !users.namesWithDemoPassword().isEmpty()) {
            throw new IllegalStateException("Refusing to start: a real database is configured but users "
                    + users.namesWithDemoPassword() + " still have the demo password. Set their passwords "
                    + "(e.g. BILLING_JOB_SERVICE_PASSWORD) or billing.security.users.");
        }
        if (!users.namesWithDemoPassword().isEmpty()) {
            log.warn("Users {} have the demo password 'demo': fine for trying the service out, never for real data.",
                    users.namesWithDemoPassword());
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        for (BillingUsers.User user : users.users()) {
            String password = user.password().startsWith("{") ? user.password() : encoder.encode(user.password());
            manager.createUser(User.withUsername(user.name()).password(password)
                    .roles(user.roles().stream().map(Role::name).toArray(String[]::new)).build());
        }
        return manager;
    }

    private static void deny(HttpServletResponse response, ObjectMapper json, UnmappedRequests.Denial denial) throws IOException {
        if (!denial.allowed().isEmpty()) {
            response.setHeader(HttpHeaders.ALLOW, denial.allowed().stream().map(HttpMethod::name).sorted()
                    .collect(Collectors.joining(", ")));
        }
        write(response, json, denial.status(), denial.detail(), false);
    }

    private static void write(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail,
                              boolean challenge) throws IOException {
        // reasoned as every other refusal is, 404 and 405 as Spring MVC's own
        ProblemDetail problem = Problems.problem(status, Problems.reasonOf(status), null, detail);
        response.setStatus(status.value());
        if (challenge) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"credit-ledger\"");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
