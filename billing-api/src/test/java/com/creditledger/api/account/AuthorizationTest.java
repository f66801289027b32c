package com.creditledger.api.account;

import com.creditledger.api.support.Api;
import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/** Each role may do what it is for, and is refused the rest. */
class AuthorizationTest extends ServiceTest {

    static final String ACC = "acc-roles";
    static final List<String> ROLES = List.of("job-service", "billing", "finance", "auditor");

    @BeforeEach
    void account() {
        billing().post("/api/accounts", "{\"accountId\":\"" + ACC + "\"}");
        billing().post("/api/accounts/" + ACC + "/top-ups", "{\"paymentId\":\"seed\",\"credits\":100000}");
    }

    @ParameterizedTest(name = "[{index}] {0} {1} allowed for {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            POST | /api/accounts                          | `{"accountId":"acc-roles"}`                       | billing
            POST | /api/accounts/acc-roles/renewals       | `{"plan":"p","monthlyCredits":1,"periodStart":"2030-01-01T00:00:00Z","periodEnd":"2030-02-01T00:00:00Z"}` | billing
            POST | /api/accounts/acc-roles/top-ups        | `{"paymentId":"seed","credits":100000}`           | billing
            POST | /api/accounts/acc-roles/refunds        | `{"jobId":"never","reason":"r"}`                  | billing
            POST | /api/accounts/acc-roles/charges        | `{"jobId":"ROLE-job","tool":"motion-edit"}`       | job-service
            POST | /api/accounts/acc-roles/holds          | `{"jobId":"ROLE-hold","tool":"motion-edit"}`      | job-service
            POST | /api/accounts/acc-roles/holds/ROLE-hold/capture |                                          | job-service
            POST | /api/accounts/acc-roles/holds/ROLE-other/release | `{"reason":"r"}`                        | job-service
            PUT  | /api/accounts/acc-roles/alert-thresholds | `{"thresholds":[{"credits":0}]}`                | billing
            DELETE | /api/accounts/acc-roles/alert-thresholds |                                             | billing
            GET  | /api/pricing                           |                                                   | job-service billing finance auditor
            GET  | /api/pricing/quote?tool=motion-edit    |                                                   | job-service billing finance auditor
            GET  | /api/accounts/acc-roles/balance        |                                                   | job-service billing finance auditor
            GET  | /api/accounts/acc-roles/holds          |                                                   | job-service billing finance auditor
            GET  | /api/accounts/acc-roles/alerts         |                                                   | job-service billing finance auditor
            GET  | /api/accounts?prefix=acc-roles         |                                                   | job-service billing finance auditor
            GET  | /api/accounts/acc-roles/usage          |                                                   | finance auditor
            GET  | /api/accounts/acc-roles/usage/export   |                                                   | finance auditor
            GET  | /api/accounts/acc-roles/balance-history |                                                  | finance auditor
            GET  | /api/finance/summary?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z | | finance auditor
            GET  | /api/finance/usage?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z   | | finance auditor
            GET  | /api/finance/usage/export?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z | | finance auditor
            GET  | /api/finance/liability?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z | | finance auditor
            """)
    void each_role_is_allowed_exactly_what_it_may_do(String method, String path, String body, String allowed) {
        for (String role : ROLES) {
            Api api = as(role);
            String rolePath = path.replace("ROLE", role);
            String roleBody = body == null ? null : body.replace("ROLE", role);
            Api.Response response = send(api, method, rolePath, roleBody);
            if (List.of(allowed.split(" ")).contains(role)) {
                assertThat(response.status()).as("%s %s as %s: %s", method, path, role, response.body()).isNotIn(401, 403);
            } else {
                assertThat(response.status()).as("%s %s as %s", method, path, role).isEqualTo(403);
                assertThat(response.reason()).isEqualTo("FORBIDDEN");
                List<String> needed = List.of(allowed.toUpperCase(Locale.ROOT).replace('-', '_').split(" "));
                assertThat(response.body().path("detail").asText()).isEqualTo(needed.size() == 1
                        ? "this needs the role " + needed.get(0) : "this needs one of the roles " + String.join(", ", needed));
            }
            Api.Response anonymous = send(anonymous(), method, rolePath, roleBody);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.isProblem()).isTrue();
        }
    }

    private static Api.Response send(Api api, String method, String path, String body) {
        return switch (method) {
            case "GET" -> api.get(path);
            case "POST" -> api.post(path, body);
            case "PUT" -> api.put(path, body);
            case "DELETE" -> api.delete(path);
            default -> throw new IllegalArgumentException(method);
        };
    }

    @ParameterizedTest(name = "[{index}] {0} {1} as {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /api/accounts/acc-roles/charges          | job-service | 405 | POST
            GET    | /api/accounts/acc-roles/holds/j/capture  | job-service | 405 | POST
            POST   | /api/accounts/acc-roles/balance          | finance     | 405 | GET
            GET    | /api/accounts/acc-roles/alert-thresholds | billing     | 405 | DELETE, PUT
            GET    | /api/accounts/acc-roles/nothing          | billing     | 404 |
            POST   | /api/finance/nothing                     | finance     | 404 |
            POST   | /api/accounts/acc-roles/charges          | finance     | 403 |
            """)
    void a_request_no_rule_allows_is_told_apart_as_no_such_endpoint_wrong_method_or_wrong_role(
            String method, String path, String role, int status, String allow) {
        long before = storedEvents(ACC);
        Api.Response response = send(as(role), method, path, method.equals("POST") ? "{\"jobId\":\"j\",\"tool\":\"motion-edit\"}" : null);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.reason()).isEqualTo(status == 403 ? "FORBIDDEN" : "INVALID_REQUEST");
        assertThat(response.header("Allow")).isEqualTo(allow);
        assertThat(storedEvents(ACC)).isEqualTo(before);
    }

    @Test
    void a_wrong_password_is_unauthenticated() {
        assertThat(new Api(port, "finance", "not-the-password").get("/api/pricing").status()).isEqualTo(401);
        assertThat(new Api(port, "finance", "demo").get("/api/pricing").status()).isEqualTo(401);
    }

    @Test
    void anonymous_callers_get_only_the_health_check() {
        Api.Response health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous().get("/actuator/metrics").status()).isEqualTo(401);
        assertThat(anonymous().get("/v3/api-docs").status()).isEqualTo(401);
        assertThat(as("auditor").get("/v3/api-docs").status()).isEqualTo(200);
    }
}
