package com.creditledger.api.web;

import com.creditledger.api.support.Api;
import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.RawHttp;
import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whoever refuses a request (Spring MVC, Spring Security, Jackson, the servlet container), the
 * caller gets problem+json with a reason, and a refused command changes nothing.
 */
class RefusalsFromEveryLayerTest extends ServiceTest {

    static final String ACC = "acc-layers";
    static final String CHARGE = "{\"jobId\":\"job-1\",\"tool\":\"motion-edit\"}";

    @BeforeEach
    void account() {
        billing().post("/api/accounts", "{\"accountId\":\"" + ACC + "\"}");
        billing().post("/api/accounts/" + ACC + "/top-ups", "{\"paymentId\":\"seed\",\"credits\":1000}");
    }

    /** {@code headers} are {@code name=value} pairs separated by {@code ;;}; a body of {@code -} is none. */
    @ParameterizedTest(name = "[{index}] {0} {1} [{2}] {3} -> {4} {5}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            POST | /api/accounts/ACC/charges | ``                                        | CHARGE          | 415 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=text/plain`                 | CHARGE          | 415 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=application/xml`            | `<charge/>`     | 415 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=not a media type`           | CHARGE          | 415 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=application/json;;Accept=text/html` | CHARGE  | 406 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=application/json;;Accept=application/xml` | CHARGE | 406 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=application/json`           | `hello`         | 400 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=application/json`           | ``              | 400 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=application/json`           | -               | 400 | INVALID_REQUEST
            POST | /api/accounts/ACC/holds/job-1/capture | `Content-Type=text/plain`      | `{}`            | 415 | INVALID_REQUEST
            PUT  | /api/accounts/ACC/alert-thresholds | `Content-Type=application/json;;Accept=text/csv` | `{"thresholds":[]}` | 406 | INVALID_REQUEST
            GET  | /api/accounts/ACC/balance | `Accept=application/xml`                  | -               | 406 | INVALID_REQUEST
            GET  | /api/accounts/ACC/balance | `Accept=text/html`                        | -               | 406 | INVALID_REQUEST
            POST | /api/accounts/ACC/charges | `Content-Type=application/json;;Authorization=Basic !!!` | CHARGE | 401 | UNAUTHENTICATED
            POST | /api/accounts/ACC/charges | `Content-Type=application/json;;Authorization=Bearer token` | CHARGE | 401 | UNAUTHENTICATED
            GET  | /api/accounts/ACC/balance | `Authorization=Basic am9iLXNlcnZpY2U6d3Jvbmc=` | -           | 401 | UNAUTHENTICATED
            TRACE | /api/accounts/ACC/balance | ``                                       | -               | 400 | INVALID_REQUEST
            GET  | /api/accounts/acc%00x/balance | ``                                    | -               | 400 | INVALID_REQUEST
            GET  | /api/accounts/acc%2Fx/balance | ``                                    | -               | 400 | INVALID_REQUEST
            GET  | /api//accounts/ACC/balance | ``                                       | -               | 400 | INVALID_REQUEST
            GET  | /api/accounts;x=1/ACC/balance | ``                                    | -               | 400 | INVALID_REQUEST
            GET  | /error                    | ``                                        | -               | 404 | INVALID_REQUEST
            """)
    void every_refusal_is_a_problem_with_a_reason(String method, String path, String headers, String body, int status, String reason) {
        long before = storedEvents();
        Response response = as(path.contains("alert-thresholds") ? "billing" : "job-service")
                .send(method, path.replace("ACC", ACC), headers(headers), body(body));
        assertRefusal(response, status, reason);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void a_request_the_container_refuses_before_the_application_sees_it_is_a_problem_too() {
        Response tooLarge = jobService().send("GET", "/api/accounts/" + ACC + "/balance", Map.of("X-Padding", "x".repeat(20_000)), null);
        assertRefusal(tooLarge, 400, "INVALID_REQUEST");
    }

    /**
     * What no HTTP client library sends ({@code <SOH>} stands for the control character U+0001): the
     * servlet container refuses most of these before Spring sees them.
     */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `TRACE /api/accounts/ACC/balance HTTP/1.1`                      | 400
            `GET /api/accounts/%ZZ/balance HTTP/1.1`                         | 400
            `GET /api/accounts/a<SOH>b/balance HTTP/1.1`                      | 400
            `GET /api/accounts/ACC/balance HTTP/1.1\\r\\nNo colon here`       | 400
            `POST /api/accounts/ACC/charges HTTP/1.1\\r\\nContent-Length: many` | 400
            `BREW /api/accounts/ACC/charges HTTP/1.1`                        | 400
            `GET / HTTP/1.1`                                                 | 404
            `GET /api/accounts/ACC/balance HTTP/9.9`                         | 505
            """)
    void a_request_no_client_library_would_send_is_refused_with_a_problem(String head, int status) {
        String request = head.replace("ACC", ACC).replace("\\r\\n", "\r\n").replace("<SOH>", "\u0001")
                + "\r\nHost: localhost\r\nAuthorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                ("job-service:" + PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\nConnection: close\r\n\r\n";
        RawHttp.Response response = RawHttp.send(port, request.getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).as(response.body()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"reason\":\"INVALID_REQUEST\"");
    }

    @Test
    void without_credentials_or_with_a_role_that_may_not_the_refusal_is_a_problem() {
        assertRefusal(anonymous().post("/api/accounts/" + ACC + "/charges", CHARGE), 401, "UNAUTHENTICATED");
        assertRefusal(billing().post("/api/accounts/" + ACC + "/charges", CHARGE), 403, "FORBIDDEN");
    }

    private static Map<String, String> headers(String pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (pairs != null && !pairs.isEmpty()) {
            for (String pair : pairs.split(";;")) {
                int equals = pair.indexOf('=');
                headers.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return headers;
    }

    private static byte[] body(String body) {
        if ("-".equals(body)) {
            return null;
        }
        return (body == null ? "" : body.replace("CHARGE", CHARGE)).getBytes(StandardCharsets.UTF_8);
    }

    static void assertRefusal(Api.Response response, int status, String reason) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.isProblem()).as("content type %s of %s", response.contentType(), response.body()).isTrue();
        assertThat(response.reason()).as(response.body().toString()).isEqualTo(reason);
        assertThat(response.body().path("detail").asText()).isNotBlank()
                .doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Za-z]+|Exception|<html|\tat ");
    }
}
