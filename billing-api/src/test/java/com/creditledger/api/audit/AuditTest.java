package com.creditledger.api.audit;

import com.creditledger.api.support.Api;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Auditors replay history from the store alone, and see any tampering with it. */
class AuditTest extends ServiceTest {

    /** A scripted history in 2032 (no other test uses that year): what happens, and the balance right after. */
    record Step(String at, Runnable command, long subscription, long topUp) {
    }

    /** Spendable just before each step: the previous step's balance, except once a period has ended. */
    static final java.util.Map<String, long[]> BEFORE_OVERRIDES = java.util.Map.of(
            // Feb 1st ended the cycle: its 80 credits stopped being spendable then, before any event said so
            "2032-02-03T09:00:00Z", new long[]{0, 45});

    @Test
    void the_balance_at_any_instant_is_replayed_from_the_events() {
        String acc = newAccountId();
        List<Step> steps = List.of(
                new Step("2032-01-01T10:00:00Z", () -> open(acc), 0, 0),
                new Step("2032-01-01T11:00:00Z", () -> renew(acc, 100, "2032-01-01T00:00:00Z", "2032-02-01T00:00:00Z"), 100, 0),
                new Step("2032-01-02T09:00:00Z", () -> topUp(acc, "pay-1", 50), 100, 50),
                new Step("2032-01-03T09:00:00Z", () -> charge(acc, "job-1", "environment-map-to-world"), 20, 50),
                new Step("2032-01-04T09:00:00Z", () -> charge(acc, "job-2", "image-to-3d-mesh"), 0, 45),
                new Step("2032-01-05T09:00:00Z", () -> refund(acc, "job-1"), 80, 45),
                // the cycle ended on Feb 1st without a renewal: this top-up first records the expiry of the 80
                new Step("2032-02-03T09:00:00Z", () -> topUp(acc, "pay-2", 10), 0, 55),
                new Step("2032-02-04T09:00:00Z", () -> renew(acc, 200, "2032-02-01T00:00:00Z", "2032-03-01T00:00:00Z"), 200, 55),
                new Step("2032-02-05T09:00:00Z", () -> charge(acc, "job-3", "texture-to-material"), 180, 55));
        long[] before = {0, 0};
        for (Step step : steps) {
            clock.moveTo(Instant.parse(step.at()));
            step.command().run();
        }
        clock.reset();
        List<Instant> timestamps = jdbc.sql("select time_stamp from domain_event_entry where aggregate_identifier = :a order by sequence_number")
                .param("a", acc).query(String.class).list().stream().map(Instant::parse).toList();
        assertThat(timestamps).hasSize(10);

        // Just before and just after each command's events: the balance moves exactly at the event.
        int event = 0;
        for (Step step : steps) {
            Instant first = timestamps.get(event);
            before = BEFORE_OVERRIDES.getOrDefault(step.at(), before);
            JsonNode justBefore = balanceAsOf(acc, first.minusNanos(1));
            assertThat(justBefore.path("subscription").asLong()).as("before " + step.at()).isEqualTo(before[0]);
            assertThat(justBefore.path("topUp").asLong()).as("before " + step.at()).isEqualTo(before[1]);
            assertThat(justBefore.path("events").asLong()).isEqualTo(event);
            event += step.at().equals("2032-02-03T09:00:00Z") ? 2 : 1;
            Instant last = timestamps.get(event - 1);
            JsonNode justAfter = balanceAsOf(acc, last);
            assertThat(justAfter.path("subscription").asLong()).as("after " + step.at()).isEqualTo(step.subscription());
            assertThat(justAfter.path("topUp").asLong()).as("after " + step.at()).isEqualTo(step.topUp());
            assertThat(justAfter.path("total").asLong()).isEqualTo(step.subscription() + step.topUp());
            assertThat(justAfter.path("events").asLong()).isEqualTo(event);
            assertThat(justAfter.path("lastSequence").asLong()).isEqualTo(event - 1);
            before = new long[]{step.subscription(), step.topUp()};
        }
        // After the period ended and before the expiry was recorded, those credits were already not spendable.
        JsonNode lapsed = balanceAsOf(acc, Instant.parse("2032-02-02T00:00:00Z"));
        assertThat(lapsed.path("subscription").asLong()).isZero();
        assertThat(lapsed.path("topUp").asLong()).isEqualTo(45);
        assertThat(lapsed.path("events").asLong()).isEqualTo(6);
    }

    @Test
    void the_event_stream_exports_as_json_ndjson_and_csv() throws Exception {
        String acc = newAccountId();
        open(acc);
        topUp(acc, "pay-1", 500);
        charge(acc, "job-1", "motion-edit");

        Api.Response json = as("auditor").get("/api/audit/accounts/" + acc + "/events");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.body()).hasSize(3);
        assertThat(json.body().get(1).path("type").asText()).isEqualTo("CreditsToppedUp");
        assertThat(json.body().get(1).path("payload").path("credits").asLong()).isEqualTo(500);
        assertThat(json.body().get(2).path("sequenceNumber").asLong()).isEqualTo(2);

        String ndjson = raw("/api/audit/accounts/" + acc + "/events", "application/x-ndjson");
        assertThat(ndjson.lines()).hasSize(3).allMatch(line -> line.startsWith("{\"globalPosition\":"));
        String csv = raw("/api/audit/accounts/" + acc + "/events?format=csv", "*/*");
        assertThat(csv.lines().toList().get(0)).isEqualTo("global_position,sequence_number,timestamp,event_id,event_type,payload");
        assertThat(csv.lines()).hasSize(4);
        assertThat(csv.lines().toList().get(3)).contains(",JobCharged,\"{\"\"accountId\"\":");

        Api.Response window = as("auditor").get("/api/audit/accounts/" + acc + "/events?from=2000-01-01T00:00:00Z&to=2001-01-01T00:00:00Z");
        assertThat(window.body()).isEmpty();
        assertThat(as("finance").get("/api/audit/accounts/" + acc + "/events").status()).isEqualTo(403);
        assertThat(as("auditor").get("/api/audit/accounts/nobody-here/events").status()).isEqualTo(404);
    }

    @Test
    void an_untouched_account_verifies_clean_against_every_projection() {
        String acc = historyOf(newAccountId());
        eventually(() -> {
            JsonNode verification = as("auditor").get("/api/audit/accounts/" + acc + "/verify").body();
            assertThat(verification.path("projectionDifferences")).as(verification.toString()).isEmpty();
            assertThat(verification.path("chain").path("intact").asBoolean()).isTrue();
            assertThat(verification.path("ok").asBoolean()).isTrue();
        });
    }

    @Test
    void an_edited_payload_is_detected() {
        String acc = historyOf(newAccountId());
        jdbc.sql("""
                update domain_event_entry
                set payload = convert_to(replace(convert_from(payload, 'UTF8'), '"credits":500', '"credits":5000'), 'UTF8')
                where aggregate_identifier = :a and sequence_number = 2""").param("a", acc).update();
        assertBrokenAt(acc, 2, "altered");
    }

    @Test
    void a_deleted_event_is_detected() {
        String acc = historyOf(newAccountId());
        jdbc.sql("delete from domain_event_entry where aggregate_identifier = :a and sequence_number = 3").param("a", acc).update();
        assertBrokenAt(acc, 3, "removed");
    }

    @Test
    void reordered_events_are_detected() {
        String acc = historyOf(newAccountId());
        jdbc.sql("update domain_event_entry set sequence_number = -1 where aggregate_identifier = :a and sequence_number = 3").param("a", acc).update();
        jdbc.sql("update domain_event_entry set sequence_number = 3 where aggregate_identifier = :a and sequence_number = 4").param("a", acc).update();
        jdbc.sql("update domain_event_entry set sequence_number = 4 where aggregate_identifier = :a and sequence_number = -1").param("a", acc).update();
        assertBrokenAt(acc, 3, "reordered");
    }

    @Test
    void an_inserted_event_is_detected() {
        String acc = historyOf(newAccountId());
        jdbc.sql("""
                insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload,
                                                payload_revision, payload_type, time_stamp)
                select aggregate_identifier, 5, type, 'forged-' || event_identifier, meta_data,
                       convert_to('{"accountId":"' || aggregate_identifier || '","paymentId":"forged","credits":1000000,"packageId":null}', 'UTF8'),
                       '1', 'com.creditledger.account.AccountEvent$CreditsToppedUp', time_stamp
                from domain_event_entry where aggregate_identifier = :a and sequence_number = 4""").param("a", acc).update();
        assertBrokenAt(acc, 5, "inserted");
    }

    private void assertBrokenAt(String acc, long sequence, String what) {
        JsonNode verification = as("auditor").get("/api/audit/accounts/" + acc + "/verify").body();
        assertThat(verification.path("ok").asBoolean()).isFalse();
        JsonNode chain = verification.path("chain");
        assertThat(chain.path("intact").asBoolean()).as(chain.toString()).isFalse();
        assertThat(chain.path("firstBrokenSequence").asLong()).as(chain.toString()).isEqualTo(sequence);
        assertThat(chain.path("problems").get(0).asText()).contains(what);
    }

    /** Open, renew, top up 500, two charges: five events, seq 0-4. */
    private String historyOf(String acc) {
        // a November far ahead: its cycle-end deadline (real time) must not fire during the test, whatever the date of the run
        clock.moveTo(Instant.parse("2036-11-15T12:00:00Z"));
        open(acc);
        renew(acc, 100, "2036-11-01T00:00:00Z", "2036-12-01T00:00:00Z");
        topUp(acc, "pay-1", 500);
        charge(acc, "job-1", "environment-map-to-world");
        charge(acc, "job-2", "image-to-3d-mesh");
        return acc;
    }

    private JsonNode balanceAsOf(String acc, Instant asOf) {
        Api.Response response = as("auditor").get("/api/audit/accounts/" + acc + "/balance?asOf=" + asOf);
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return response.body();
    }

    private String raw(String path, String accept) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("auditor:" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private void open(String acc) {
        assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}").status()).isEqualTo(201);
    }

    private void renew(String acc, long credits, String start, String end) {
        ok(billing().post("/api/accounts/" + acc + "/renewals",
                "{\"plan\":\"pro\",\"monthlyCredits\":" + credits + ",\"periodStart\":\"" + start + "\",\"periodEnd\":\"" + end + "\"}"));
    }

    private void topUp(String acc, String payment, long credits) {
        ok(billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"" + payment + "\",\"credits\":" + credits + "}"));
    }

    private void charge(String acc, String job, String tool) {
        ok(jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"" + job + "\",\"tool\":\"" + tool + "\"}"));
    }

    private void refund(String acc, String job) {
        ok(billing().post("/api/accounts/" + acc + "/refunds", "{\"jobId\":\"" + job + "\",\"reason\":\"failed\"}"));
    }

    private static void ok(Api.Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    }
}
