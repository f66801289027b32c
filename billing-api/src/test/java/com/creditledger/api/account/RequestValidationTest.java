package com.creditledger.api.account;

import com.creditledger.api.support.Api;
import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.BeforeEach;
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
            """)
    void is_refused_with_a_problem_and_changes_nothing(String user, String path, String body, int status, String reason, String field) {
        long before = storedEvents();
        Response response = as(user).post(path.replace("ACC", ACC), body);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.isProblem()).as("content type %s", response.contentType()).isTrue();
        assertThat(response.reason()).isEqualTo(reason);
        assertThat(response.body().path("detail").asText()).isNotBlank();
        if (field != null) {
            assertThat(response.body().path("field").asText()).isEqualTo(field);
        }
        assertThat(storedEvents()).isEqualTo(before);
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
