package com.creditledger.api.security;

import com.creditledger.api.support.Api;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Job services with credentials of their own: OAuth2 bearer tokens of a real authorization
 * server, started here, with the roles in a claim of the configuration's choosing.
 */
class BearerTokenTest extends ServiceTest {

    static final TokenIssuer ISSUER = TokenIssuer.start();
    static final String CHARGE = "{\"jobId\":\"job-1\",\"tool\":\"motion-edit\"}";

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("billing.security.jwt.issuer-uri", ISSUER::uri);
        registry.add("billing.security.jwt.roles-claim", () -> TokenIssuer.ROLES_CLAIM);
    }

    @AfterAll
    static void stopIssuer() {
        ISSUER.close();
    }

    private Api withToken(String token) {
        return Api.withToken(port, token);
    }

    private String fundedAccount() {
        String accountId = newAccountId();
        assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + accountId + "\"}").status()).isEqualTo(201);
        assertThat(billing().post("/api/accounts/" + accountId + "/top-ups", "{\"paymentId\":\"p-1\",\"credits\":100}").status())
                .isEqualTo(200);
        // another context's processors may fold this context's events: they learn of them by polling
        eventually(() -> assertThat(billing().get("/api/accounts/" + accountId + "/balance").status()).isEqualTo(200));
        return accountId;
    }

    @Test
    void a_job_services_token_charges_and_configured_users_still_sign_in() {
        String accountId = fundedAccount();
        Api renderFarm = withToken(ISSUER.token("render-farm"));

        Api.Response charged = renderFarm.post("/api/accounts/" + accountId + "/charges", CHARGE);

        assertThat(charged.status()).as(charged.body().toString()).isEqualTo(200);
        assertThat(charged.body().path("credits").asLong()).isEqualTo(5);
        assertThat(charged.body().path("balance").path("total").asLong()).isEqualTo(95);
        eventually(() -> assertThat(billing().get("/api/accounts/" + accountId + "/balance").status()).isEqualTo(200));
    }

    @Test
    void a_token_without_the_role_is_forbidden_and_told_which_role_may() {
        String accountId = fundedAccount();
        long before = storedEvents(accountId);

        Api.Response refused = withToken(ISSUER.token("reporting")).post("/api/accounts/" + accountId + "/charges", CHARGE);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.reason()).isEqualTo("FORBIDDEN");
        assertThat(refused.body().path("detail").asText()).isEqualTo("this needs the role JOB_SERVICE");
        assertThat(storedEvents(accountId)).isEqualTo(before);
        // the same token may do what its role may
        assertThat(withToken(ISSUER.token("reporting")).get("/api/accounts/" + accountId + "/usage").status()).isEqualTo(200);
    }

    @Test
    void an_expired_token_is_unauthenticated() {
        String accountId = fundedAccount();
        long before = storedEvents(accountId);

        Api.Response refused = withToken(ISSUER.token(TokenIssuer.EXPIRED)).post("/api/accounts/" + accountId + "/charges", CHARGE);

        assertUnauthenticated(refused, "expired");
        assertThat(storedEvents(accountId)).isEqualTo(before);
    }

    @Test
    void a_token_signed_by_another_key_is_unauthenticated_even_if_it_names_the_issuer() {
        String accountId = fundedAccount();
        long before = storedEvents(accountId);
        String foreign;
        try (TokenIssuer impostor = TokenIssuer.start(ISSUER.uri())) {
            foreign = impostor.token("render-farm");
        }

        assertUnauthenticated(withToken(foreign).post("/api/accounts/" + accountId + "/charges", CHARGE), "");
        assertUnauthenticated(withToken("not-a-token").get("/api/pricing"), "");
        assertThat(storedEvents(accountId)).isEqualTo(before);
    }

    @Test
    void a_caller_without_credentials_is_offered_both_ways_to_sign_in() {
        Api.Response refused = anonymous().get("/api/pricing");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().allValues("WWW-Authenticate")).containsExactly("Basic realm=\"credit-ledger\"", "Bearer");
    }

    @Test
    void the_api_description_offers_bearer_tokens() {
        Api.Response description = withToken(ISSUER.token("reporting")).get("/v3/api-docs");

        assertThat(description.status()).isEqualTo(200);
        assertThat(description.body().path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void the_issuer_is_not_asked_before_the_first_token() {
        JwtDecoder decoder = new BearerTokens("http://127.0.0.1:9", "roles").decoder();

        // built without an issuer to ask; asked (and failing) only when a token comes
        assertThatThrownBy(() -> decoder.decode("a.b.c")).hasStackTraceContaining("http://127.0.0.1:9");
    }

    private static void assertUnauthenticated(Api.Response refused, String detail) {
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.reason()).isEqualTo("UNAUTHENTICATED");
        assertThat(refused.body().path("detail").asText()).startsWith("the bearer token is refused").contains(detail);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    }
}
