package com.creditledger.api.kafka;

import com.creditledger.api.support.KafkaTestClient;
import com.creditledger.api.support.KafkaServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.creditledger.api.support.BalanceAssertions.assertBalance;
import static org.assertj.core.api.Assertions.assertThat;

/** Holds and alert settings over Kafka: every command type's result, and what is not a command. */
class KafkaHoldsTest extends KafkaServiceTest {

    @Test
    void every_hold_and_alert_command_gets_its_result_field_by_field() {
        String acc = "acc-" + run;
        Instant periodStart = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(1));
        Instant expiresAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(2));
        command(acc, 1, "OpenAccount", "");
        command(acc, 2, "RenewSubscription", ",\"plan\":\"pro\",\"monthlyCredits\":20,\"periodStart\":\"%s\",\"periodEnd\":\"%s\""
                .formatted(periodStart, periodStart.plus(Duration.ofDays(30))));
        command(acc, 3, "TopUp", ",\"paymentId\":\"pay-1\",\"credits\":500");
        command(acc, 4, "ReserveCredits", ",\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":6},\"expiresAt\":\"%s\""
                .formatted(expiresAt));
        command(acc, 5, "CaptureCharge", ",\"jobId\":\"job-1\",\"params\":{\"actions\":8}");
        command(acc, 6, "ReserveCredits", ",\"jobId\":\"job-2\",\"tool\":\"motion-edit\"");
        command(acc, 7, "ReleaseHold", ",\"jobId\":\"job-2\",\"reason\":\"cancelled\"");
        command(acc, 8, "CaptureCharge", ",\"jobId\":\"job-2\"");
        command(acc, 9, "ConfigureBalanceAlerts", ",\"thresholds\":[{\"credits\":100},{\"percentOfAllocation\":50}]");
        command(acc, 10, "ConfigureBalanceAlerts", ",\"thresholds\":null");
        command(acc, 11, "ConfigureBalanceAlerts", ",\"thresholds\":[{\"credits\":5,\"percentOfAllocation\":5}]");
        command(acc, 12, "ConfigureBalanceAlerts", ",\"thresholds\":[{\"credits\":-1}]");
        command(acc, 13, "ConfigureBalanceAlerts", ",\"threshold\":[]");
        command(acc, 14, "ReserveCredits", ",\"jobId\":\"job-3\",\"tool\":\"motion-edit\",\"expiresAt\":\"2020-01-01T00:00:00Z\"");
        command(acc, 15, "ReserveCredits", ",\"jobId\":\"job-3\"");
        command(acc, 16, "ReleaseHold", ",\"jobId\":\"job-9\",\"reason\":\"cancelled\"");
        command(acc, 17, "CaptureCharge", ",\"jobId\":\"job-1\",\"params\":{\"actions\":8}");
        command(acc, 18, "ReserveCredits", ",\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":6},\"expiresAt\":\"%s\""
                .formatted(expiresAt));
        kafka.flush();

        Map<String, JsonNode> results = resultsByCommandId(18);

        JsonNode reserved = results.get(run + "-4");
        assertIdentity(reserved, "ReserveCredits", acc, "job-1");
        assertAccepted(reserved, 30, 20, 10);
        assertThat(reserved.path("duplicate").asBoolean()).isFalse();
        assertThat(reserved.path("expiresAt").asText()).isEqualTo(expiresAt.toString());
        assertBalance(reserved, 0, 490, 20, 10);

        JsonNode captured = results.get(run + "-5");
        assertIdentity(captured, "CaptureCharge", acc, "job-1");
        assertAccepted(captured, 40, 20, 20);
        assertThat(captured.has("expiresAt")).isFalse();
        assertBalance(captured, 0, 480, 0, 0);

        JsonNode defaultExpiry = results.get(run + "-6");
        assertAccepted(defaultExpiry, 5, 0, 5);
        assertThat(Instant.parse(defaultExpiry.path("expiresAt").asText()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(55)), Instant.now().plus(Duration.ofHours(1)));
        assertBalance(defaultExpiry, 0, 475, 0, 5);

        JsonNode released = results.get(run + "-7");
        assertIdentity(released, "ReleaseHold", acc, "job-2");
        assertAccepted(released, 5, 0, 5);
        assertBalance(released, 0, 480, 0, 0);

        assertRejected(results.get(run + "-8"), "HOLD_RELEASED", "jobId");
        assertThat(results.get(run + "-8").path("balance").path("total").asLong()).isEqualTo(480);

        JsonNode configured = results.get(run + "-9");
        assertIdentity(configured, "ConfigureBalanceAlerts", acc, null);
        assertThat(configured.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(configured.path("duplicate").asBoolean()).isFalse();
        assertThat(configured.has("credits")).isFalse();
        assertBalance(configured, 0, 480, 0, 0);
        JsonNode defaults = results.get(run + "-10");
        assertThat(defaults.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(defaults.path("duplicate").asBoolean()).isFalse();

        assertRejected(results.get(run + "-11"), "INVALID_REQUEST", "thresholds");
        assertThat(results.get(run + "-11").has("balance")).as("refused before it reached the account").isFalse();
        assertRejected(results.get(run + "-12"), "INVALID_AMOUNT", "thresholds.0.credits");
        assertRejected(results.get(run + "-13"), "INVALID_REQUEST", "thresholds");
        assertRejected(results.get(run + "-14"), "INVALID_EXPIRY", "expiresAt");
        assertThat(results.get(run + "-14").path("balance").path("total").asLong()).isEqualTo(480);
        assertRejected(results.get(run + "-15"), "INVALID_REQUEST", "tool");
        assertRejected(results.get(run + "-16"), "UNKNOWN_HOLD", "jobId");

        JsonNode capturedAgain = results.get(run + "-17");
        assertAccepted(capturedAgain, 40, 20, 20);
        assertThat(capturedAgain.path("duplicate").asBoolean()).isTrue();
        JsonNode reservedAgain = results.get(run + "-18");
        assertAccepted(reservedAgain, 30, 20, 10);
        assertThat(reservedAgain.path("duplicate").asBoolean()).isTrue();
        assertThat(reservedAgain.path("expiresAt").asText()).isEqualTo(expiresAt.toString());

        List<String> stored = jdbc.sql("""
                        select substring(payload_type from position('$' in payload_type) + 1)
                        from domain_event_entry where aggregate_identifier = :id order by sequence_number""")
                .param("id", acc).query(String.class).list();
        assertThat(stored).containsExactly("AccountOpened", "SubscriptionRenewed", "CreditsToppedUp", "CreditsReserved", "HoldCaptured",
                "CreditsReserved", "HoldReleased", "BalanceAlertsConfigured", "BalanceAlertsConfigured");
        List<ConsumerRecord<String, byte[]>> published = kafka.await(EVENTS, record -> acc.equals(record.key()), stored.size(), WAIT);
        assertThat(published.stream().map(KafkaTestClient::json).map(event -> event.path("type").asText()).toList())
                .as("billing.events carries the new event types too").isEqualTo(stored);
        JsonNode hold = KafkaTestClient.json(published.get(3)).path("payload");
        assertThat(hold.path("expiresAt").asText()).isEqualTo(expiresAt.toString());
        assertThat(hold.path("fromSubscription").asLong()).isEqualTo(20);
    }

    @Test
    void malformed_holds_and_alert_settings_go_to_the_dead_letter_topic() {
        String acc = "acc-" + run;
        command(acc, 1, "OpenAccount", "");
        command(acc, 2, "TopUp", ",\"paymentId\":\"p\",\"credits\":100");
        Map<String, String> garbage = new LinkedHashMap<>();
        garbage.put(value(acc, "ReserveCredits", ",\"jobId\":\"j\",\"tool\":\"motion-edit\",\"expiresAt\":\"in an hour\""),
                "'expiresAt' must be an ISO-8601 instant");
        garbage.put(value(acc, "ReserveCredits", ",\"jobId\":\"j\",\"tool\":\"motion-edit\",\"expiresAt\":1767225600"),
                "'expiresAt' must be a string");
        garbage.put(value(acc, "CaptureCharge", ",\"jobId\":42"), "'jobId' must be a string");
        garbage.put(value(acc, "ReleaseHold", ",\"jobId\":\"j\",\"reason\":false"), "'reason' must be a string");
        garbage.put(value(acc, "ConfigureBalanceAlerts", ",\"thresholds\":\"off\""), "'thresholds' must be an array");
        garbage.put(value(acc, "ConfigureBalanceAlerts", ",\"thresholds\":[20]"), "'thresholds.0' must be an object");
        garbage.put(value(acc, "ConfigureBalanceAlerts", ",\"thresholds\":[{\"credits\":0},{\"credits\":\"ten\"}]"),
                "'thresholds.1.credits' must be a whole number");
        garbage.put(value(acc, "ConfigureBalanceAlerts", ",\"thresholds\":[{\"percentOfAllocation\":12.5}]"),
                "'thresholds.0.percentOfAllocation' must be a whole number");
        garbage.put(value(acc, "ConfigureBalanceAlerts", ",\"thresholds\":[{\"percentOfAllocation\":4294967296}]"),
                "'thresholds.0.percentOfAllocation' must be a whole number");
        int job = 10;
        for (String value : garbage.keySet()) {
            kafka.send(COMMANDS, acc, value);
            command(acc, job, "ReserveCredits", ",\"jobId\":\"job-%d\",\"tool\":\"motion-edit\"".formatted(job));
            job++;
        }
        kafka.flush();

        List<JsonNode> good = kafka.awaitJson(RESULTS, result -> result.path("commandId").asText().startsWith(run + "-1")
                && result.path("type").asText().equals("ReserveCredits"), garbage.size(), WAIT);
        assertThat(good).allMatch(result -> result.path("status").asText().equals("ACCEPTED") && result.path("credits").asLong() == 5);

        List<ConsumerRecord<String, byte[]>> dead = kafka.await(DLT,
                record -> new String(record.value(), StandardCharsets.UTF_8).contains(run + "-garbage"), garbage.size(), WAIT);
        for (ConsumerRecord<String, byte[]> record : dead) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(garbage).as("the value is dead-lettered unchanged").containsKey(value);
            assertThat(KafkaTestClient.header(record, CommandDecisions.REASON_HEADER)).contains(garbage.get(value));
            assertThat(record.key()).isEqualTo(acc);
        }
        assertThat(dead.stream().map(record -> new String(record.value(), StandardCharsets.UTF_8)).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(garbage.keySet()));
        assertThat(storedEvents(acc)).as("opened, topped up, and one hold per good command").isEqualTo(2 + garbage.size());
    }

    private void command(String acc, int number, String type, String fields) {
        kafka.send(COMMANDS, acc, "{\"type\":\"%s\",\"commandId\":\"%s-%d\",\"accountId\":\"%s\"%s}".formatted(type, run, number, acc, fields));
    }

    private String value(String acc, String type, String fields) {
        return "{\"type\":\"%s\",\"commandId\":\"%s-garbage\",\"accountId\":\"%s\"%s}".formatted(type, run, acc, fields);
    }

    private Map<String, JsonNode> resultsByCommandId(int expected) {
        return kafka.awaitDistinct(RESULTS, result -> result.path("commandId").asText().startsWith(run + "-"),
                        result -> result.path("commandId").asText(), expected, WAIT).stream()
                .collect(Collectors.toMap(result -> result.path("commandId").asText(), result -> result, (first, second) -> first));
    }

    private static void assertIdentity(JsonNode result, String type, String accountId, String jobId) {
        assertThat(result.path("type").asText()).isEqualTo(type);
        assertThat(result.path("accountId").asText()).isEqualTo(accountId);
        assertThat(result.path("jobId").asText(null)).isEqualTo(jobId);
    }

    private static void assertAccepted(JsonNode result, long credits, long fromSubscription, long fromTopUp) {
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("ACCEPTED");
        assertThat(result.has("reason")).isFalse();
        assertThat(result.path("credits").asLong()).as("credits").isEqualTo(credits);
        assertThat(result.path("fromSubscription").asLong()).as("fromSubscription").isEqualTo(fromSubscription);
        assertThat(result.path("fromTopUp").asLong()).as("fromTopUp").isEqualTo(fromTopUp);
    }

    private static void assertRejected(JsonNode result, String reason, String field) {
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("REJECTED");
        assertThat(result.path("reason").asText()).isEqualTo(reason);
        assertThat(result.path("field").asText()).isEqualTo(field);
        assertThat(result.path("message").asText()).isNotBlank();
        assertThat(result.has("expiresAt")).isFalse();
    }

}
