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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.servlet.HandlerMapping;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * HTTP Basic for the configured users and, with an issuer configured, OAuth2 bearer tokens; four
 * roles ({@link EndpointRoles}). Billing grants credits and sets alert thresholds, job services
 * hold and spend credits, finance and auditors read; anonymous callers see only the health check.
 */
@Configuration
@EnableConfigurationProperties({BillingUsers.class, BearerTokens.class})
public class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    public static final String JOB_SERVICE = Role.JOB_SERVICE.name();
    public static final String BILLING = Role.BILLING.name();
    public static final String FINANCE = Role.FINANCE.name();
    public static final String AUDITOR = Role.AUDITOR.name();
    private static final String BASIC_CHALLENGE = "Basic realm=\"credit-ledger\"";

    /** After the console's chain ({@code ConsoleSecurity}), which takes {@code /console/**} first. */
    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, BearerTokens bearerTokens,
                            @Qualifier("requestMappingHandlerMapping") ObjectProvider<HandlerMapping> controllers) throws Exception {
        UnmappedRequests unmapped = new UnmappedRequests(controllers);
        List<String> challenges = bearerTokens.enabled() ? List.of(BASIC_CHALLENGE, "Bearer") : List.of(BASIC_CHALLENGE);
        AuthenticationEntryPoint authenticationRequired = (request, response, e) ->
                write(response, json, HttpStatus.UNAUTHORIZED, "authentication required", challenges);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .httpBasic(basic -> basic.authenticationEntryPoint(authenticationRequired))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(authenticationRequired)
                        .accessDeniedHandler((request, response, e) -> deny(response, json, unmapped.denial(request))))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
                    for (EndpointRoles.Rule rule : EndpointRoles.RULES) {
                        requests.requestMatchers(rule.method(), rule.paths().toArray(String[]::new)).hasAnyRole(rule.roleNames());
                    }
                    requests.anyRequest().denyAll();
                });
        if (bearerTokens.enabled()) {
            http.oauth2ResourceServer(server -> server
                    .jwt(jwt -> jwt.decoder(bearerTokens.decoder()).jwtAuthenticationConverter(bearerTokens.authentication()))
                    .authenticationEntryPoint((request, response, e) -> write(response, json, HttpStatus.UNAUTHORIZED,
                            "the bearer token is refused: " + e.getMessage(), List.of("Bearer error=\"invalid_token\""))));
        }
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
                "the request is malformed: its method or path is refused", List.of());
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
        write(response, json, denial.status(), denial.detail(), List.of());
    }

    private static void write(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail,
                              List<String> challenges) throws IOException {
        // reasoned as every other refusal is, 404 and 405 as Spring MVC's own
        ProblemDetail problem = Problems.problem(status, Problems.reasonOf(status), null, detail);
        response.setStatus(status.value());
        challenges.forEach(challenge -> response.addHeader(HttpHeaders.WWW_AUTHENTICATE, challenge));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
