package com.creditledger.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * OAuth2 bearer tokens (JWT) of the organisation's identity provider ({@code billing.security.jwt}),
 * so that every job service can have credentials of its own. The token's roles are the values of
 * {@code rolesClaim}, a list or a space-separated text, with the names of {@link BillingUsers.Role}.
 *
 * @param issuerUri empty: bearer tokens are not accepted
 */
@ConfigurationProperties("billing.security.jwt")
public record BearerTokens(String issuerUri, String rolesClaim) {

    public BearerTokens {
        issuerUri = issuerUri == null ? "" : issuerUri.strip();
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim.strip();
    }

    public boolean enabled() {
        return !issuerUri.isEmpty();
    }

    /**
     * Checks signature, expiry and issuer. The issuer's keys are looked up at the first token, not
     * on start, and again after a failed look-up: the service starts, and answers Basic callers,
     * while the issuer is down.
     */
    JwtDecoder decoder() {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuerUri).build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuerUri));
            return decoder;
        });
    }

    JwtAuthenticationConverter authentication() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(rolesClaim);
        // the roles of the rules are Spring Security roles, as those of the configured users
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }
}
