package com.creditledger.api.account;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input that PostgreSQL, the scheduler or Jackson cannot take is refused with a 4xx that says,
 * in the service's own words, which field is wrong and why; nothing changes.
 */
class HostileInputTest extends ServiceTest {

    static final String ACC = "acc-hostile";

    @BeforeEach
    void account() {
        billing().post("/api/accounts", "{\"accountId\":\"" + ACC + "\"}");
        billing().post("/api/accounts/" + ACC + "/top-ups", "{\"paymentId\":\"seed\",\"credits\":1000}");
        jobService().post("/api/accounts/" + ACC + "/holds", "{\"jobId\":\"held\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":1}}");
    }

    /** The bodies are JSON with escapes, so NUL and the others arrive as characters of a string. */
    @ParameterizedTest(name = "[{index}] {1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            job-service | /api/accounts/ACC/charges         | `{"jobId":"job\\u0000x","tool":"motion-edit"}`                  | jobId
            job-service | /api/accounts/ACC/charges         | `{"jobId":"job-1","tool":"motion\\u0007edit"}`                  | tool
            job-service | /api/accounts/ACC/charges         | `{"jobId":"job\\ud800","tool":"motion-edit"}`                   | jobId
            job-service | /api/accounts/ACC/charges         | `{"jobId":"job-1","tool":"text-to-motion","params":{"act\\u0000ions":1}}` | params
            job-service | /api/accounts/ACC/holds           | `{"jobId":"\\u0000","tool":"motion-edit"}`                      | jobId
            job-service | /api/accounts/ACC/holds/held/release | `{"reason":"can\\u0000celled"}`                              | reason
            job-service | /api/accounts/ACC/holds/job%01x/capture |                                                         | jobId
            job-service | /api/accounts/ACC/holds/job%1Fx/release | `{"reason":"cancelled"}`                                | jobId
            billing     | /api/accounts/ACC/renewals        | `{"plan":"pro\\n","monthlyCredits":10,"periodStart":"2026-11-01T00:00:00Z","periodEnd":"2026-12-01T00:00:00Z"}` | plan
            billing     | /api/accounts/ACC/top-ups         | `{"paymentId":"p\\u0000","credits":10}`                         | paymentId
            billing     | /api/accounts/ACC/top-ups         | `{"paymentId":"p-1","credits":10,"packageId":"pack\\u001b[31m"}` | packageId
            billing     | /api/accounts/ACC/refunds         | `{"jobId":"job-1","reason":"x\\u0000"}`                         | reason
            billing     | /api/accounts/ACC/refunds         | `{"jobId":"job\\u0085","reason":"x"}`                           | jobId
            """)
    void control_characters_are_refused_in_every_id_and_text(String user, String path, String body, String field) {
        long before = storedEvents();
        Response response = as(user).post(path.replace("ACC", ACC), body);
        assertProblem(response, 400, "INVALID_REQUEST", field);
        assertThat(response.body().path("detail").asText()).startsWith(field + " ");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void an_account_id_with_a_control_character_is_not_an_account_id() {
        assertProblem(billing().post("/api/accounts", "{\"accountId\":\"acc\\u0000\"}"), 400, "INVALID_ACCOUNT_ID", "accountId");
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /api/accounts/ACC/renewals | `{"plan":"pro","monthlyCredits":10,"periodStart":"2026-11-01T00:00:00Z","periodEnd":"+300000-01-01T00:00:00Z"}` | periodEnd
            /api/accounts/ACC/renewals | `{"plan":"pro","monthlyCredits":10,"periodStart":"+10000-01-01T00:00:00Z","periodEnd":"+10000-02-01T00:00:00Z"}` | periodStart
            /api/accounts/ACC/renewals | `{"plan":"pro","monthlyCredits":10,"periodStart":"1969-12-01T00:00:00Z","periodEnd":"1970-01-01T00:00:00Z"}`   | periodStart
            /api/accounts/ACC/holds    | `{"jobId":"h1","tool":"motion-edit","expiresAt":"+300000-01-01T00:00:00Z"}`                                     | expiresAt
            /api/accounts/ACC/holds    | `{"jobId":"h1","tool":"motion-edit","expiresAt":"-5000-01-01T00:00:00Z"}`                                       | expiresAt
            """)
    void instants_beyond_what_the_database_holds_are_refused(String path, String body, String field) {
        long before = storedEvents();
        Response response = (path.endsWith("holds") ? jobService() : billing()).post(path.replace("ACC", ACC), body);
        assertProblem(response, 400, "INVALID_REQUEST", field);
        assertThat(response.body().path("detail").asText())
                .startsWith(field + " must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        assertThat(storedEvents()).isEqualTo(before);
    }

    /** What Jackson says is rewritten: the field, as the request names it, and what it must be. */
    @ParameterizedTest(name = "[{index}] {1} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /api/accounts/ACC/top-ups  | `{"paymentId":"p1","credits":99999999999999999999}`   | credits    | `'credits' must be a whole number between 0 and 9223372036854775807`
            /api/accounts/ACC/top-ups  | `{"paymentId":"p1","credits":-99999999999999999999}`  | credits    | `'credits' must be a whole number between 0 and 9223372036854775807`
            /api/accounts/ACC/top-ups  | `{"paymentId":"p1","credits":1e400}`                  | credits    | `'credits' must be a whole number`
            /api/accounts/ACC/top-ups  | `{"paymentId":"p1","credits":"ten"}`                  | credits    | `'credits' must be a whole number`
            /api/accounts/ACC/top-ups  | `{"paymentId":"p1","credits":[10]}`                   | credits    | `'credits' must be a whole number`
            /api/accounts/ACC/top-ups  | `{"paymentId":7,"credits":10}`                        | paymentId  | `'paymentId' must be a string`
            /api/accounts/ACC/top-ups  | `{"paymentId":{"id":7},"credits":10}`                 | paymentId  | `'paymentId' must be a string`
            /api/accounts/ACC/top-ups  | `{"paymentId":"p1","credits":10,"extra":true}`        | extra      | `'extra' is not a known field (expected credits, packageId, paymentId)`
            /api/accounts/ACC/renewals | `{"plan":"pro","monthlyCredits":10,"periodStart":"yesterday","periodEnd":"2026-12-01T00:00:00Z"}` | periodStart | `'periodStart' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z`
            /api/accounts/ACC/renewals | `{"plan":"pro","monthlyCredits":10,"periodStart":"+1000000001-01-01T00:00:00Z","periodEnd":"2026-12-01T00:00:00Z"}` | periodStart | `'periodStart' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z`
            /api/accounts/ACC/charges  | `{"jobId":"j1","tool":"text-to-motion","params":[1]}` | params     | `'params' must be a JSON object`
            /api/accounts/ACC/charges  | `{"jobId":"j1","tool":"text-to-motion","params":{"actions":1.5}}` | params.actions | `'params.actions' must be a whole number`
            /api/accounts/ACC/charges  | `{"jobId":"j1","tool":"text-to-motion","params":{"actions":99999999999999999999}}` | params.actions | `'params.actions' must be a whole number between 0 and 9223372036854775807`
            /api/accounts               | `[{"accountId":"a"}]`                                | `` | `the request body must be a JSON object`
            /api/accounts               | `"acc-1"`                                            | `` | `the request body must be a JSON object`
            /api/accounts               | `{"accountId":`                                      | `` | `the request body is not JSON: it ends too early (line 1, column 14)`
            /api/accounts               | `{"accountId":"a"]`                                  | `` | `the request body is not JSON: unexpected input (line 1, column 17)`
            /api/accounts               | `{accountId:"a"}`                                    | `` | `the request body is not JSON: unexpected input (line 1, column 2)`
            """)
    void what_is_wrong_with_a_body_is_said_plainly(String path, String body, String field, String detail) {
        Response response = (path.contains("charges") ? jobService() : billing()).post(path.replace("ACC", ACC), body);
        assertProblem(response, 400, "INVALID_REQUEST", field.isEmpty() ? null : field);
        assertThat(response.body().path("detail").asText()).isEqualTo(detail);
    }

    static void assertProblem(Response response, int status, String reason, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.isProblem()).as("content type %s of %s", response.contentType(), response.body()).isTrue();
        assertThat(response.reason()).as(response.body().toString()).isEqualTo(reason);
        String detail = response.body().path("detail").asText();
        assertThat(detail).isNotBlank().doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Za-z]+|Exception|Feature|`|\\(class ");
        if (field != null) {
            assertThat(response.body().path("field").asText()).as(response.body().toString()).isEqualTo(field);
        } else {
            assertThat(response.body().has("field")).as(response.body().toString()).isFalse();
        }
    }
}
