package com.creditledger.api.account;

import com.creditledger.api.support.Api;
import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every malformed or invalid request gets a 4xx problem+json naming the problem, and writes no event. */
class RequestValidationTest extends ServiceTest {

    static final String ACC = "acc-validation";

    @BeforeEach
    void account() {
        billing().post("/api/accounts", "{\"accountId\":\"" + ACC + "\"}");
        billing().post("/api/accounts/" + ACC + "/top-ups", "{\"paymentId\":\"seed\",\"credits\":1000}");
        // an open hold to capture badly; sent again before every row, it is a duplicate that changes nothing
        jobService().post("/api/accounts/" + ACC + "/holds", "{\"jobId\":\"held\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":1}}");
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2} -> {3} {4} {5}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            billing     | /api/accounts                      | `{"accountId":`                                              | 400 | INVALID_REQUEST      |
            billing     | /api/accounts                      | `{}`                                                         | 400 | INVALID_ACCOUNT_ID   | accountId
            billing     | /api/accounts                      | `{"accountId":"has space"}`                                  | 400 | INVALID_ACCOUNT_ID   | accountId
            billing     | /api/accounts                      | `{"accountId":42}`                                           | 400 | INVALID_REQUEST      | accountId
            billing     | /api/accounts                      | `{"accountId":"a","extra":1}`                                | 400 | INVALID_REQUEST      | extra
            billing     | /api/accounts                      | `[1,2]`                                                      | 400 | INVALID_REQUEST      |
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1","credits":-5}`                            | 400 | INVALID_AMOUNT       | credits
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1","credits":0}`                             | 422 | INVALID_AMOUNT       | credits
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1","credits":99999999999999999999}`          | 400 | INVALID_REQUEST      | credits
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1","credits":1000000001}`                    | 422 | INVALID_AMOUNT       | credits
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1","credits":"ten"}`                         | 400 | INVALID_REQUEST      | credits
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1","credits":"10"}`                          | 400 | INVALID_REQUEST      | credits
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1","credits":2.5}`                           | 400 | INVALID_REQUEST      | credits
            billing     | /api/accounts/ACC/top-ups          | `{"credits":10}`                                             | 400 | INVALID_REQUEST      | paymentId
            billing     | /api/accounts/ACC/top-ups          | `{"paymentId":"p1"}`                                         | 400 | INVALID_REQUEST      | credits
            billing     | /api/accounts/nobody/top-ups       | `{"paymentId":"p1","credits":10}`                            | 404 | UNKNOWN_ACCOUNT      | accountId
            billing     | /api/accounts/ACC/renewals         | `{"plan":"pro","monthlyCredits":10,"periodStart":"2026-12-01T00:00:00Z","periodEnd":"2026-11-01T00:00:00Z"}` | 422 | INVALID_PERIOD | periodEnd
            billing     | /api/accounts/ACC/renewals         | `{"plan":"pro","monthlyCredits":10,"periodStart":"yesterday","periodEnd":"2026-11-01T00:00:00Z"}`            | 400 | INVALID_REQUEST | periodStart
            billing     | /api/accounts/ACC/renewals         | `{"monthlyCredits":10,"periodStart":"2026-11-01T00:00:00Z","periodEnd":"2026-12-01T00:00:00Z"}`              | 400 | INVALID_REQUEST | plan
            billing     | /api/accounts/ACC/renewals         | `{"plan":"pro","monthlyCredits":-1,"periodStart":"2026-11-01T00:00:00Z","periodEnd":"2026-12-01T00:00:00Z"}` | 400 | INVALID_AMOUNT  | monthlyCredits
            billing     | /api/accounts/ACC/refunds          | `{"jobId":"never-charged","reason":"x"}`                     | 404 | UNKNOWN_JOB          | jobId
            billing     | /api/accounts/ACC/refunds          | `{"jobId":"j"}`                                              | 400 | INVALID_REQUEST      | reason
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1","tool":"text-to-song"}`                       | 422 | UNKNOWN_TOOL         | tool
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1","tool":"text-to-material","params":{"width":1024,"height":1024}}`                  | 422 | INVALID_PARAMS | params.upscale
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1","tool":"text-to-material","params":{"width":0,"height":1024,"upscale":1}}`        | 422 | INVALID_PARAMS | params.width
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1","tool":"text-to-material","params":{"width":"wide","height":1024,"upscale":1}}`   | 400 | INVALID_REQUEST | params.width
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1","tool":"text-to-motion","params":{"actions":-3}}`                                 | 422 | INVALID_PARAMS | params.actions
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1","tool":"text-to-motion","params":{"actions":null}}`                               | 400 | INVALID_REQUEST | params.actions
            job-service | /api/accounts/ACC/charges          | `{"tool":"motion-edit"}`                                     | 400 | INVALID_REQUEST      | jobId
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1"}`                                             | 400 | INVALID_REQUEST      | tool
            job-service | /api/accounts/ACC/charges          | `{"jobId":"j1","tool":"motion-edit","params":[1]}`           | 400 | INVALID_REQUEST      | params
            job-service | /api/accounts/nobody/charges       | `{"jobId":"j1","tool":"motion-edit"}`                        | 404 | UNKNOWN_ACCOUNT      | accountId
            job-service | /api/accounts/bad%20id/charges     | `{"jobId":"j1","tool":"motion-edit"}`                        | 400 | INVALID_ACCOUNT_ID   | accountId
            job-service | /api/accounts/ACC/holds            | `{"tool":"motion-edit"}`                                     | 400 | INVALID_REQUEST      | jobId
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1"}`                                             | 400 | INVALID_REQUEST      | tool
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1","tool":"motion-edit","extra":1}`              | 400 | INVALID_REQUEST      | extra
            job-service | /api/accounts/ACC/holds            |                                                              | 400 | INVALID_REQUEST      |
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1","tool":"text-to-song"}`                       | 422 | UNKNOWN_TOOL         | tool
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1","tool":"text-to-motion","params":{"actions":0}}`                                  | 422 | INVALID_PARAMS | params.actions
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1","tool":"text-to-motion","params":{"actions":"two"}}`                              | 400 | INVALID_REQUEST | params.actions
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1","tool":"motion-edit","expiresAt":"in an hour"}`                                   | 400 | INVALID_REQUEST | expiresAt
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1","tool":"motion-edit","expiresAt":"2020-01-01T00:00:00Z"}`                         | 422 | INVALID_EXPIRY  | expiresAt
            job-service | /api/accounts/ACC/holds            | `{"jobId":"h1","tool":"motion-edit","expiresAt":"2999-01-01T00:00:00Z"}`                         | 422 | INVALID_EXPIRY  | expiresAt
            job-service | /api/accounts/ACC/holds            | `{"jobId":"held","tool":"text-to-motion","params":{"actions":2}}`                                | 409 | IDEMPOTENCY_CONFLICT | jobId
            job-service | /api/accounts/nobody/holds         | `{"jobId":"h1","tool":"motion-edit"}`                        | 404 | UNKNOWN_ACCOUNT      | accountId
            job-service | /api/accounts/ACC/holds/held/capture       | `{"params":{"actions":0}}`                           | 422 | INVALID_PARAMS       | params.actions
            job-service | /api/accounts/ACC/holds/held/capture       | `{"params":[1]}`                                     | 400 | INVALID_REQUEST      | params
            job-service | /api/accounts/ACC/holds/held/capture       | `{"params":{"actions":1},"jobId":"held"}`            | 400 | INVALID_REQUEST      | jobId
            job-service | /api/accounts/ACC/holds/never-held/capture |                                                      | 404 | UNKNOWN_HOLD         | jobId
            job-service | /api/accounts/ACC/holds/never-held/release | `{"reason":"cancelled"}`                             | 404 | UNKNOWN_HOLD         | jobId
            job-service | /api/accounts/ACC/holds/held/release       | `{}`                                                 | 400 | INVALID_REQUEST      | reason
            job-service | /api/accounts/ACC/holds/held/release       |                                                      | 400 | INVALID_REQUEST      |
            job-service | /api/accounts/nobody/holds/held/release    | `{"reason":"cancelled"}`                             | 404 | UNKNOWN_ACCOUNT      | accountId
            """)
    void is_refused_with_a_problem_and_changes_nothing(String user, String path, String body, int status, String reason, String field) {
        long before = storedEvents();
        assertRefused(as(user).post(path.replace("ACC", ACC), body), status, reason, field);
        assertThat(storedEvents()).isEqualTo(before);
    }

    /** Unlike a malformed request, a refusal for want of credits is a decision on the balance: recorded, moving nothing. */
    @ParameterizedTest(name = "[{index}] {0} {1} -> 402 and {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            /api/accounts/ACC/charges            | `{"jobId":"j1","tool":"text-to-motion","params":{"actions":10000}}` | ChargeRejected
            /api/accounts/ACC/holds              | `{"jobId":"h1","tool":"text-to-motion","params":{"actions":10000}}` | ReservationRejected
            /api/accounts/ACC/holds/held/capture | `{"params":{"actions":10000}}`                                      | CaptureRejected
            """)
    void a_refusal_for_want_of_credits_records_its_decision_and_moves_no_credit(String path, String body, String event) {
        long before = storedEvents(ACC);
        Response balance = jobService().post("/api/accounts/" + ACC + "/holds",
                "{\"jobId\":\"held\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":1}}");
        Response refused = jobService().post(path.replace("ACC", ACC), body);
        assertRefused(refused, 402, "INSUFFICIENT_CREDITS", null);
        assertThat(refused.body().path("balance")).isEqualTo(balance.body().path("balance"));
        assertThat(jdbc.sql("""
                        select payload_type from domain_event_entry where aggregate_identifier = :id and sequence_number >= :from
                        order by sequence_number""")
                .param("id", ACC).param("from", before).query(String.class).list())
                .extracting(type -> type.substring(type.lastIndexOf('$') + 1))
                .containsExactly(event);
    }

    @ParameterizedTest(name = "[{index}] PUT alert-thresholds {0} -> {1} {2} {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{}`                                                         | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":null}`                                        | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":{"credits":10}}`                              | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":[null]}`                                      | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":[{}]}`                                        | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":[{"credits":10,"percentOfAllocation":20}]}`   | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":[{"percentOfAllocation":0}]}`                 | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":[{"percentOfAllocation":101}]}`               | 400 | INVALID_REQUEST | thresholds
            `{"thresholds":[{"percentOfAllocation":12.5}]}`              | 400 | INVALID_REQUEST | thresholds.0.percentOfAllocation
            `{"thresholds":[{"credits":0},{"credits":-1}]}`              | 400 | INVALID_AMOUNT  | thresholds.1.credits
            `{"thresholds":[{"credits":"ten"}]}`                         | 400 | INVALID_REQUEST | thresholds.0.credits
            `{"thresholds":[{"credit":10}]}`                             | 400 | INVALID_REQUEST | thresholds.0.credit
            `{"thresholds":[{"credits":1},{"credits":2},{"credits":3},{"credits":4},{"credits":5},{"credits":6},{"credits":7},{"credits":8},{"credits":9},{"credits":10},{"credits":11}]}` | 400 | INVALID_REQUEST | thresholds
            """)
    void bad_alert_thresholds_are_refused_with_a_problem_and_change_nothing(String body, int status, String reason, String field) {
        long before = storedEvents();
        assertRefused(billing().put("/api/accounts/" + ACC + "/alert-thresholds", body), status, reason, field);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void alert_thresholds_of_an_unknown_account_are_refused() {
        assertRefused(billing().put("/api/accounts/nobody/alert-thresholds", "{\"thresholds\":[]}"), 404, "UNKNOWN_ACCOUNT", "accountId");
        assertRefused(billing().delete("/api/accounts/nobody/alert-thresholds"), 404, "UNKNOWN_ACCOUNT", "accountId");
        assertRefused(billing().delete("/api/accounts/bad%20id/alert-thresholds"), 400, "INVALID_ACCOUNT_ID", "accountId");
    }

    private static void assertRefused(Response response, int status, String reason, String field) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.isProblem()).as("content type %s", response.contentType()).isTrue();
        assertThat(response.reason()).isEqualTo(reason);
        assertThat(response.body().path("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.body().path("field").asText()).isEqualTo(field);
        }
    }

    @ParameterizedTest(name = "[{index}] GET {0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/accounts/nobody/balance                                          | 404 | UNKNOWN_ACCOUNT
            /api/accounts/nobody/usage                                            | 404 | UNKNOWN_ACCOUNT
            /api/accounts/ACC/usage?size=0                                        | 400 | INVALID_REQUEST
            /api/accounts/ACC/usage?size=100000                                   | 400 | INVALID_REQUEST
            /api/accounts/ACC/usage?page=-1                                       | 400 | INVALID_REQUEST
            /api/accounts/ACC/usage?from=last-week                                | 400 | INVALID_REQUEST
            /api/accounts/ACC/usage?toolkit=audio                                 | 400 | INVALID_REQUEST
            /api/finance/summary?from=2026-11-01T00:00:00Z                        | 400 | INVALID_REQUEST
            /api/finance/summary?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z | 400 | INVALID_REQUEST
            /api/finance/usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&groupBy=week | 400 | INVALID_REQUEST
            /api/finance/usage?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z&by=account   | 400 | INVALID_REQUEST
            /api/pricing/quote?tool=text-to-song                                  | 422 | UNKNOWN_TOOL
            /api/pricing/quote?tool=text-to-motion&actions=lots                   | 400 | INVALID_REQUEST
            /api/pricing/quote                                                    | 400 | INVALID_REQUEST
            """)
    void bad_queries_are_refused_with_a_problem(String path, int status, String reason) {
        Api.Response response = as("auditor").get(path.replace("ACC", ACC));
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.reason()).isEqualTo(reason);
    }
}
