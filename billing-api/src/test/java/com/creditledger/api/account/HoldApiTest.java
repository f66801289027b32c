package com.creditledger.api.account;

import com.creditledger.api.support.Api;
import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static com.creditledger.api.support.BalanceAssertions.assertBalance;
import static org.assertj.core.api.Assertions.assertThat;

/** A hold's whole life over HTTP: reserved, captured or released, and every answer's figures. */
class HoldApiTest extends ServiceTest {

    @Test
    void a_hold_is_reserved_captured_at_its_final_price_or_released() {
        String acc = newAccountId();
        Instant periodStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/renewals", "{\"plan\":\"pro\",\"monthlyCredits\":100,\"periodStart\":\""
                + periodStart + "\",\"periodEnd\":\"" + periodStart.plus(Duration.ofDays(30)) + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":500}");

        // 30 actions: 150 credits, the 100 subscription credits first
        Instant before = Instant.now();
        String reserve = "{\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":30}}";
        Response reserved = jobService().post("/api/accounts/" + acc + "/holds", reserve);
        assertThat(reserved.status()).as(reserved.body().toString()).isEqualTo(200);
        assertAccepted(reserved.body(), 150, 100, 50);
        assertBalance(reserved.body(), 0, 450, 100, 50);
        Instant expiresAt = Instant.parse(reserved.body().path("expiresAt").asText());
        assertThat(expiresAt).as("the default duration, one hour").isBetween(before.plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(1)));

        Response reservedAgain = jobService().post("/api/accounts/" + acc + "/holds", reserve);
        assertThat(reservedAgain.body().path("duplicate").asBoolean()).isTrue();
        assertAccepted(reservedAgain.body(), 150, 100, 50);
        assertThat(reservedAgain.body().path("expiresAt").asText()).isEqualTo(reserved.body().path("expiresAt").asText());
        assertBalance(reservedAgain.body(), 0, 450, 100, 50);

        // the job ended smaller: 20 actions, 100 credits, all of them from the held subscription credits
        String capture = "{\"params\":{\"actions\":20}}";
        Response captured = jobService().post("/api/accounts/" + acc + "/holds/job-1/capture", capture);
        assertThat(captured.status()).as(captured.body().toString()).isEqualTo(200);
        assertAccepted(captured.body(), 100, 100, 0);
        assertThat(captured.body().has("expiresAt")).isFalse();
        assertBalance(captured.body(), 0, 500, 0, 0);
        Response capturedAgain = jobService().post("/api/accounts/" + acc + "/holds/job-1/capture", capture);
        assertThat(capturedAgain.body().path("duplicate").asBoolean()).isTrue();
        assertAccepted(capturedAgain.body(), 100, 100, 0);
        assertThat(jobService().post("/api/accounts/" + acc + "/holds/job-1/capture", null).body().path("duplicate").asBoolean())
                .as("a capture without params repeats the capture").isTrue();

        Response second = jobService().post("/api/accounts/" + acc + "/holds",
                "{\"jobId\":\"job-2\",\"tool\":\"motion-edit\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofMinutes(10)) + "\"}");
        assertAccepted(second.body(), 5, 0, 5);
        assertBalance(second.body(), 0, 495, 0, 5);
        Response released = jobService().post("/api/accounts/" + acc + "/holds/job-2/release", "{\"reason\":\"cancelled\"}");
        assertThat(released.status()).as(released.body().toString()).isEqualTo(200);
        assertAccepted(released.body(), 5, 0, 5);
        assertBalance(released.body(), 0, 500, 0, 0);
        Response releasedAgain = jobService().post("/api/accounts/" + acc + "/holds/job-2/release", "{\"reason\":\"cancelled\"}");
        assertThat(releasedAgain.body().path("duplicate").asBoolean()).isTrue();
        assertAccepted(releasedAgain.body(), 5, 0, 5);

        Response tooLate = jobService().post("/api/accounts/" + acc + "/holds/job-2/capture", null);
        assertThat(tooLate.status()).isEqualTo(409);
        assertThat(tooLate.reason()).isEqualTo("HOLD_RELEASED");
        assertThat(tooLate.body().path("field").asText()).isEqualTo("jobId");

        // two jobs of 300 at once, with 500 available: one holds, the other is refused and takes nothing
        List<CompletableFuture<Response>> sent = Stream.of("job-3", "job-4")
                .map(job -> CompletableFuture.supplyAsync(() -> jobService().post("/api/accounts/" + acc + "/holds",
                        "{\"jobId\":\"" + job + "\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":60}}")))
                .toList();
        List<Response> both = sent.stream().map(CompletableFuture::join).toList();
        assertThat(both).extracting(Response::status).containsExactlyInAnyOrder(200, 402);
        Response refused = both.stream().filter(response -> response.status() == 402).findFirst().orElseThrow();
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.reason()).isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(refused.body().path("credits").asLong()).isEqualTo(300);
        assertBalance(refused.body(), 0, 200, 0, 300);

        List<String> types = jdbc.sql("select payload_type from domain_event_entry where aggregate_identifier = :id order by sequence_number")
                .param("id", acc).query(String.class).list();
        assertThat(types).extracting(type -> type.substring(type.lastIndexOf('$') + 1))
                .containsExactly("AccountOpened", "SubscriptionRenewed", "CreditsToppedUp", "CreditsReserved", "HoldCaptured",
                        "CreditsReserved", "HoldReleased", "CreditsReserved", "ReservationRejected");
    }

    @Test
    void a_captured_or_released_hold_leaves_no_expiry_pending_and_an_open_one_keeps_its_own() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":100}");
        for (String job : List.of("job-1", "job-2", "job-3")) {
            jobService().post("/api/accounts/" + acc + "/holds", "{\"jobId\":\"" + job + "\",\"tool\":\"motion-edit\"}");
        }
        assertThat(pendingExpiries(acc)).containsOnlyKeys("job-1", "job-2", "job-3").doesNotContainValue(0L);

        eventually(() -> assertThat(openHolds(acc)).extracting(hold -> hold.path("jobId").asText())
                .containsExactly("job-1", "job-2", "job-3"));

        jobService().post("/api/accounts/" + acc + "/holds/job-1/capture", null);
        jobService().post("/api/accounts/" + acc + "/holds/job-2/release", "{\"reason\":\"failed\"}");
        assertThat(pendingExpiries(acc)).containsEntry("job-1", 0L).containsEntry("job-2", 0L).containsEntry("job-3", 1L);
        eventually(() -> assertThat(openHolds(acc)).extracting(hold -> hold.path("jobId").asText()).containsExactly("job-3"));
        JsonNode open = openHolds(acc).get(0);
        assertThat(open.path("tool").asText()).isEqualTo("motion-edit");
        assertThat(open.path("toolkit").asText()).isEqualTo("motion");
        assertThat(open.path("credits").asLong()).isEqualTo(5);
        assertThat(open.path("fromSubscription").asLong()).isZero();
        assertThat(open.path("fromTopUp").asLong()).isEqualTo(5);
        assertThat(Instant.parse(open.path("expiresAt").asText()))
                .isAfter(Instant.parse(open.path("reservedAt").asText()).plus(Duration.ofMinutes(59)));
        assertThat(billing().get("/api/accounts/" + acc + "/balance").body().path("held").path("total").asLong())
                .as("the listed holds add up to the balance view's held credits").isEqualTo(5);
        assertThat(billing().get("/api/accounts/acc-nobody/holds").reason()).isEqualTo("UNKNOWN_ACCOUNT");
    }

    /** The account's open holds as the API lists them. */
    private List<JsonNode> openHolds(String acc) {
        Response response = as("finance").get("/api/accounts/" + acc + "/holds");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        assertThat(response.body().path("accountId").asText()).isEqualTo(acc);
        List<JsonNode> holds = new java.util.ArrayList<>();
        response.body().path("holds").forEach(holds::add);
        return holds;
    }

    /** Per held job, how many db-scheduler tasks are pending for the expiry its reservation recorded. */
    private Map<String, Long> pendingExpiries(String acc) {
        return jdbc.sql("""
                        select e.payload ->> 'jobId' as job,
                               (select count(*) from scheduled_tasks t where t.task_instance = e.payload ->> 'expiryDeadlineId') as pending
                        from (select convert_from(payload, 'UTF8')::jsonb as payload from domain_event_entry
                              where aggregate_identifier = :id and payload_type like '%CreditsReserved') e""")
                .param("id", acc)
                .query((rs, row) -> Map.entry(rs.getString("job"), rs.getLong("pending")))
                .list().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void a_capture_above_the_hold_takes_the_difference_from_the_available_credits() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":50}");
        Api jobs = jobService();
        assertBalance(jobs.post("/api/accounts/" + acc + "/holds",
                "{\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":2}}").body(), 0, 40, 0, 10);

        Response tooDear = jobs.post("/api/accounts/" + acc + "/holds/job-1/capture", "{\"params\":{\"actions\":11}}");
        assertThat(tooDear.status()).isEqualTo(402);
        assertThat(tooDear.reason()).isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(tooDear.body().path("credits").asLong()).isEqualTo(55);
        assertBalance(tooDear.body(), 0, 40, 0, 10);

        Response captured = jobs.post("/api/accounts/" + acc + "/holds/job-1/capture", "{\"params\":{\"actions\":10}}");
        assertAccepted(captured.body(), 50, 0, 50);
        assertBalance(captured.body(), 0, 0, 0, 0);

        Response conflict = jobs.post("/api/accounts/" + acc + "/holds/job-1/capture", "{\"params\":{\"actions\":9}}");
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.reason()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(conflict.body().path("field").asText()).isEqualTo("params");

        Response released = jobs.post("/api/accounts/" + acc + "/holds/job-1/release", "{\"reason\":\"late\"}");
        assertThat(released.status()).isEqualTo(409);
        assertThat(released.reason()).isEqualTo("HOLD_CAPTURED");

        List<String> types = jdbc.sql("select payload_type from domain_event_entry where aggregate_identifier = :id order by sequence_number")
                .param("id", acc).query(String.class).list();
        assertThat(types).extracting(type -> type.substring(type.lastIndexOf('$') + 1))
                .as("spending the last credit is recorded as running out (the default 0-credit threshold)")
                .containsExactly("AccountOpened", "CreditsToppedUp", "CreditsReserved", "CaptureRejected", "HoldCaptured", "CreditsRanOut");
    }

    @Test
    void alert_thresholds_are_set_turned_off_and_back_to_the_defaults() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        String path = "/api/accounts/" + acc + "/alert-thresholds";

        Response set = billing().put(path, "{\"thresholds\":[{\"percentOfAllocation\":20},{\"credits\":0}]}");
        assertThat(set.status()).as(set.body().toString()).isEqualTo(200);
        assertThat(set.body().path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(set.body().path("duplicate").asBoolean()).isFalse();
        assertThat(billing().put(path, "{\"thresholds\":[{\"credits\":0},{\"percentOfAllocation\":20},{\"credits\":0}]}")
                .body().path("duplicate").asBoolean()).as("the same thresholds in another order, repeated").isTrue();
        assertThat(billing().put(path, "{\"thresholds\":[]}").body().path("duplicate").asBoolean()).isFalse();
        Response defaults = billing().delete(path);
        assertThat(defaults.status()).isEqualTo(200);
        assertThat(defaults.body().path("duplicate").asBoolean()).isFalse();
        assertThat(billing().delete(path).body().path("duplicate").asBoolean()).isTrue();

        List<String> thresholds = jdbc.sql("""
                        select convert_from(payload, 'UTF8') from domain_event_entry
                        where aggregate_identifier = :id and payload_type like '%BalanceAlertsConfigured' order by sequence_number""")
                .param("id", acc).query(String.class).list();
        assertThat(thresholds).hasSize(3);
        assertThat(thresholds.get(0)).contains("\"credits\":0").contains("\"percentOfAllocation\":20");
        assertThat(thresholds.get(1)).contains("\"thresholds\":[]");
        assertThat(thresholds.get(2)).doesNotContain("\"thresholds\":[");
    }

    private static void assertAccepted(JsonNode result, long credits, long fromSubscription, long fromTopUp) {
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("ACCEPTED");
        assertThat(result.path("credits").asLong()).as("credits").isEqualTo(credits);
        assertThat(result.path("fromSubscription").asLong()).as("fromSubscription").isEqualTo(fromSubscription);
        assertThat(result.path("fromTopUp").asLong()).as("fromTopUp").isEqualTo(fromTopUp);
    }

}
