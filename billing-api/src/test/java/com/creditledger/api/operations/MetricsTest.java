package com.creditledger.api.operations;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.KafkaServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's own meters, read the way an operator reads them: from Actuator over HTTP. */
class MetricsTest extends KafkaServiceTest {

    @Test
    void every_answered_command_is_counted_once_by_command_outcome_and_reason_over_http_and_kafka() {
        String acc = newAccountId();
        double releasedBefore = commands("ReleaseHold", "accepted", "none");
        double releasedAgainBefore = commands("ReleaseHold", "duplicate", "none");
        double lateCaptureBefore = commands("CaptureCharge", "rejected", "HOLD_RELEASED");
        double unknownBefore = commands("ReserveCredits", "rejected", "UNKNOWN_ACCOUNT");

        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":100}");
        jobService().post("/api/accounts/" + acc + "/holds", "{\"jobId\":\"job-1\",\"tool\":\"motion-edit\"}");
        assertThat(jobService().post("/api/accounts/" + acc + "/holds/job-1/release", "{\"reason\":\"failed\"}").status()).isEqualTo(200);
        jobService().post("/api/accounts/" + acc + "/holds/job-1/release", "{\"reason\":\"failed\"}");
        assertThat(jobService().post("/api/accounts/" + acc + "/holds/job-1/capture", null).reason()).isEqualTo("HOLD_RELEASED");
        assertThat(jobService().post("/api/accounts/" + newAccountId() + "/holds", "{\"jobId\":\"job-1\",\"tool\":\"motion-edit\"}")
                .reason()).isEqualTo("UNKNOWN_ACCOUNT");

        // the same over Kafka, where the commands of a poll share one unit of work
        String kafkaAcc = "acc-" + run;
        send(kafkaAcc, 1, "OpenAccount", "");
        send(kafkaAcc, 2, "TopUp", ",\"paymentId\":\"pay-1\",\"credits\":100");
        send(kafkaAcc, 3, "ReserveCredits", ",\"jobId\":\"job-1\",\"tool\":\"motion-edit\"");
        send(kafkaAcc, 4, "ReleaseHold", ",\"jobId\":\"job-1\",\"reason\":\"failed\"");
        send(kafkaAcc, 5, "ReleaseHold", ",\"jobId\":\"job-1\",\"reason\":\"failed\"");
        send(kafkaAcc, 6, "CaptureCharge", ",\"jobId\":\"job-1\"");
        send("acc-" + run + "-missing", 7, "ReserveCredits", ",\"jobId\":\"job-1\",\"tool\":\"motion-edit\"");
        kafka.flush();
        kafka.awaitDistinct(RESULTS, result -> result.path("commandId").asText().startsWith(run + "-"),
                result -> result.path("commandId").asText(), 7, WAIT);

        eventually(() -> {
            assertThat(commands("ReleaseHold", "accepted", "none") - releasedBefore).isEqualTo(2);
            assertThat(commands("ReleaseHold", "duplicate", "none") - releasedAgainBefore).isEqualTo(2);
            assertThat(commands("CaptureCharge", "rejected", "HOLD_RELEASED") - lateCaptureBefore).isEqualTo(2);
            assertThat(commands("ReserveCredits", "rejected", "UNKNOWN_ACCOUNT") - unknownBefore).isEqualTo(2);
        });
    }

    @Test
    void held_credits_and_projection_lag_are_gauges_read_from_the_database() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":1000}");
        assertThat(jobService().post("/api/accounts/" + acc + "/holds",
                "{\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":7}}").status()).isEqualTo(200);
        eventually(() -> assertThat(jdbc.sql("select held_top_up from balance_view where account_id = :id")
                .param("id", acc).query(Long.class).optional()).contains(35L));

        // other tests' holds may be open too: the gauge is every account's, as the projection has them
        eventually(() -> {
            long held = jdbc.sql("select coalesce(sum(held_top_up), 0) from balance_view").query(Long.class).single();
            long accounts = jdbc.sql("select count(*) from balance_view where held_subscription > 0 or held_top_up > 0")
                    .query(Long.class).single();
            assertThat(gauge("billing.credits.held", "kind:top-up")).isEqualTo(held).isGreaterThanOrEqualTo(35);
            assertThat(gauge("billing.holds.accounts", null)).isEqualTo(accounts).isGreaterThanOrEqualTo(1);
        });
        jobService().post("/api/accounts/" + acc + "/holds/job-1/release", "{\"reason\":\"failed\"}");
        eventually(() -> Stream.of("balances", "usage", "finance").forEach(projection ->
                assertThat(gauge("billing.projection.behind", "projection:" + projection)).as(projection).isZero()));
    }

    private void send(String acc, int number, String type, String fields) {
        kafka.send(COMMANDS, acc, "{\"type\":\"%s\",\"commandId\":\"%s-%d\",\"accountId\":\"%s\"%s}".formatted(type, run, number, acc, fields));
    }

    /** A counter not yet created has counted nothing. */
    private double commands(String command, String outcome, String reason) {
        Response response = finance().get("/actuator/metrics/billing.commands?tag=command:" + command + "&tag=outcome:" + outcome
                + "&tag=reason:" + reason);
        return response.status() == 404 ? 0 : count(response.body());
    }

    private double gauge(String name, String tag) {
        Response response = finance().get("/actuator/metrics/" + name + (tag == null ? "" : "?tag=" + tag));
        assertThat(response.status()).as(name + " " + response.body()).isEqualTo(200);
        return count(response.body());
    }

    /** A counter's COUNT or a gauge's VALUE: the one measurement each has. */
    private static double count(JsonNode metric) {
        return metric.path("measurements").path(0).path("value").asDouble();
    }
}
