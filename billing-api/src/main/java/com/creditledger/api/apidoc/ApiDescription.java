package com.creditledger.api.apidoc;

import com.creditledger.api.security.BearerTokens;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}, complete enough for a client generator: who may
 * call what, with which credentials, and every refusal as a typed problem+json.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDescription {

    static final String BASIC = "basic";
    static final String BEARER = "bearer";

    private static final String DESCRIPTION = """
            The single source of truth for who has how many credits, why, and since when.

            Callers sign in with HTTP Basic (users configured in `billing.security.users`) or, when the service \
            is configured with an issuer, an OAuth2 bearer token (JWT) whose roles claim names their roles. Each \
            operation lists the roles that may call it in its description and in `x-required-roles`.

            Every refusal is `application/problem+json` with a machine-readable `reason` (see the `Problem` \
            schema) and, when one field is at fault, `field`. Commands are idempotent: sending one again \
            answers as the first time with `duplicate: true` and changes nothing.""";

    @Bean
    OpenAPI openApi(BearerTokens bearerTokens, @Value("${billing.api.version}") String version) {
        Components components = new Components()
                .addSecuritySchemes(BASIC, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")
                        .description("a user of billing.security.users"));
        OpenAPI api = new OpenAPI()
                .info(new Info().title("Credit Ledger").version(version).description(DESCRIPTION))
                .components(components)
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
        if (bearerTokens.enabled()) {
            components.addSecuritySchemes(BEARER, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                    .bearerFormat("JWT").description("a token of " + bearerTokens.issuerUri() + " with the roles in its claim '"
                            + bearerTokens.rolesClaim() + "'"));
            api.addSecurityItem(new SecurityRequirement().addList(BEARER));
        }
        return api;
    }

    @Bean
    OpenApiCustomizer rolesAndRefusals() {
        return new RolesAndRefusals();
    }
}
