package com.creditledger.api.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.nio.charset.StandardCharsets;

import static com.creditledger.api.security.SecurityConfiguration.AUDITOR;
import static com.creditledger.api.security.SecurityConfiguration.BILLING;
import static com.creditledger.api.security.SecurityConfiguration.FINANCE;
import static com.creditledger.api.security.SecurityConfiguration.JOB_SERVICE;

/**
 * The console's users are the API's, signed in with a form (a session, so forms carry a CSRF
 * token) or HTTP Basic. Pages may run only the scripts and styles served from here: the content
 * security policy allows no inline script, style or outside source.
 */
@Configuration
public class ConsoleSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private static final byte[] FORBIDDEN_PAGE = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not allowed</title>
            <link rel="stylesheet" href="/console/assets/console.css"></head>
            <body><main class="narrow"><h1>Not allowed</h1><p id="forbidden">Your role may not open this page.</p>
            <p><a href="/console">Back to the console</a></p></main></body></html>
            """.getBytes(StandardCharsets.UTF_8);

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        http.securityMatcher("/console", "/console/**", "/webjars/chart.js/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/console/login", "/console/assets/**", "/webjars/chart.js/**").permitAll()
                        .requestMatchers("/console/overview", "/console/overview/export", "/console/accounts/*/usage/export")
                        .hasAnyRole(FINANCE, AUDITOR)
                        .requestMatchers("/console", "/console/accounts", "/console/accounts/*")
                        .hasAnyRole(JOB_SERVICE, BILLING, FINANCE, AUDITOR)
                        .anyRequest().denyAll())
                .formLogin(form -> form.loginPage("/console/login").defaultSuccessUrl("/console", false).permitAll())
                .httpBasic(Customizer.withDefaults())
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?signedOut"))
                .exceptionHandling(handling -> handling.accessDeniedHandler((request, response, e) -> {
                    response.setStatus(HttpStatus.FORBIDDEN.value());
                    response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
                    response.getOutputStream().write(FORBIDDEN_PAGE);
                }))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)));
        return http.build();
    }
}
