package com.creditledger.api.kafka;

import com.creditledger.api.support.KafkaServiceTest;
import com.creditledger.api.support.KafkaTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over Kafka, what PostgreSQL or the scheduler cannot take is refused as it is over HTTP: a
 * readable command gets a REJECTED result naming the field, anything else a dead letter whose
 * reason is said plainly. Nothing changes, and no record holds up the ones behind it.
 */
class KafkaHostileInputTest extends KafkaServiceTest {

    @Test
    void control_characters_and_instants_out_of_range_are_refused_with_a_result() {
        String acc = "acc-" + run;
        send(acc, 1, "OpenAccount", "");
        send(acc, 2, "TopUp", ",\"paymentId\":\"seed\",\"credits\":100");
        Map<Integer, String> refused = Map.of(
                3, command(acc, 3, "ChargeJob", ",\"jobId\":\"job\\u0000x\",\"tool\":\"motion-edit\""),
                4, command(acc, 4, "TopUp", ",\"paymentId\":\"pay\\u0007\",\"credits\":5"),
                5, command(acc, 5, "RenewSubscription", ",\"plan\":\"pro\\r\",\"monthlyCredits\":5,"
                        + "\"periodStart\":\"2036-11-01T00:00:00Z\",\"periodEnd\":\"2036-12-01T00:00:00Z\""),
                6, command(acc, 6, "RenewSubscription", ",\"plan\":\"pro\",\"monthlyCredits\":5,"
                        + "\"periodStart\":\"2036-11-01T00:00:00Z\",\"periodEnd\":\"+300000-01-01T00:00:00Z\""),
                7, command(acc, 7, "ReserveCredits", ",\"jobId\":\"h1\",\"tool\":\"motion-edit\",\"expiresAt\":\"+10000-01-01T00:00:00Z\""),
                8, command(acc, 8, "RefundJob", ",\"jobId\":\"j\",\"reason\":\"\\u001b[2J\""),
                9, "{\"type\":\"OpenAccount\",\"commandId\":\"%s-9\\u0000\",\"accountId\":\"%s\"}".formatted(run, acc));
        refused.values().forEach(value -> kafka.send(COMMANDS, acc, value));
        kafka.flush();

        Map<String, JsonNode> results = kafka.awaitDistinct(RESULTS, result -> result.path("commandId").asText().startsWith(run + "-"),
                        result -> result.path("commandId").asText(), 9, WAIT).stream()
                .collect(Collectors.toMap(result -> result.path("commandId").asText(), result -> result, (first, second) -> first));
        assertRejected(results.get(run + "-3"), "jobId");
        assertRejected(results.get(run + "-4"), "paymentId");
        assertRejected(results.get(run + "-5"), "plan");
        assertRejected(results.get(run + "-6"), "periodEnd");
        assertThat(results.get(run + "-6").path("message").asText())
                .isEqualTo("periodEnd must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, was +300000-01-01T00:00:00Z");
        assertRejected(results.get(run + "-7"), "expiresAt");
        assertRejected(results.get(run + "-8"), "reason");
        assertRejected(results.get(run + "-9\u0000"), "commandId");
        assertThat(storedEvents(acc)).isEqualTo(2);
    }

    @Test
    void what_is_not_a_command_is_dead_lettered_with_a_plain_reason() {
        String acc = "acc-" + run;
        Map<String, String> garbage = Map.of(
                "{\"type\":\"OpenAccount\",\"commandId\":\"" + run + "\",\"accountId\":\"" + acc + "\"]", "the value is not JSON: unexpected input (line 1,",
                "{\"type\":\"OpenAccount\",\"commandId\":\"" + run + "\",\"accountId\":", "the value is not JSON: it ends too early (line 1,",
                "{\"commandId\":\"" + run + "\",\"padding\":" + "[".repeat(3000) + "]".repeat(3000) + "}", "the value is nested too deeply",
                "{\"type\":\"" + "T".repeat(100_000) + "\",\"commandId\":\"" + run + "\",\"accountId\":\"" + acc + "\"}", "unknown type 'TTTT");
        garbage.keySet().forEach(value -> kafka.send(COMMANDS, acc, value));
        kafka.flush();

        List<ConsumerRecord<String, byte[]>> dead = kafka.await(DLT,
                record -> new String(record.value(), StandardCharsets.UTF_8).contains(run), garbage.size(), WAIT);
        for (ConsumerRecord<String, byte[]> record : dead) {
            String reason = KafkaTestClient.header(record, CommandDecisions.REASON_HEADER);
            assertThat(reason).startsWith(garbage.get(new String(record.value(), StandardCharsets.UTF_8)))
                    .hasSizeLessThan(400).doesNotContain("Exception", "com.fasterxml", "`", "Unexpected");
        }
    }

    /** A result echoes ids short enough to be ids, so that no answer outgrows a Kafka key or the record it answers. */
    @Test
    void long_values_are_refused_without_being_echoed_and_hold_up_nothing() {
        String acc = "acc-" + run;
        send(acc, 1, "OpenAccount", "");
        String longAccount = "a".repeat(100_000);
        kafka.send(COMMANDS, null, "{\"type\":\"OpenAccount\",\"commandId\":\"%s-2\",\"accountId\":\"%s\"}".formatted(run, longAccount));
        kafka.send(COMMANDS, acc, "{\"type\":\"ChargeJob\",\"commandId\":\"%s\",\"accountId\":\"%s\",\"jobId\":\"long-command-%s\",\"tool\":\"motion-edit\"}"
                .formatted("c".repeat(200_000), acc, run));
        String longKey = "k".repeat(70_000) + run;
        kafka.send(COMMANDS, longKey, "not a command " + run);
        send(acc, 3, "TopUp", ",\"paymentId\":\"after\",\"credits\":5");
        kafka.flush();

        JsonNode longAccountId = kafka.awaitJson(RESULTS, result -> result.path("commandId").asText().equals(run + "-2"), 1, WAIT).get(0);
        assertThat(longAccountId.path("reason").asText()).isEqualTo("INVALID_ACCOUNT_ID");
        assertThat(longAccountId.has("accountId")).isFalse();
        JsonNode longCommandId = kafka.awaitJson(RESULTS, result -> result.path("jobId").asText().equals("long-command-" + run), 1, WAIT).get(0);
        assertRejected(longCommandId, "commandId");
        assertThat(longCommandId.has("commandId")).isFalse();
        ConsumerRecord<String, byte[]> dead = kafka.await(DLT, record -> longKey.equals(record.key()), 1, WAIT).get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not a command " + run);
        JsonNode after = kafka.awaitJson(RESULTS, result -> result.path("commandId").asText().equals(run + "-3"), 1, WAIT).get(0);
        assertThat(after.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(storedEvents(acc)).isEqualTo(2);
    }

    private void send(String acc, int number, String type, String fields) {
        kafka.send(COMMANDS, acc, command(acc, number, type, fields));
    }

    private String command(String acc, int number, String type, String fields) {
        return "{\"type\":\"%s\",\"commandId\":\"%s-%d\",\"accountId\":\"%s\"%s}".formatted(type, run, number, acc, fields);
    }

    private static void assertRejected(JsonNode result, String field) {
        assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("REJECTED");
        assertThat(result.path("reason").asText()).as(result.toString()).isEqualTo("INVALID_REQUEST");
        assertThat(result.path("field").asText()).as(result.toString()).isEqualTo(field);
        assertThat(result.path("message").asText()).startsWith(field + " ");
        assertThat(result.has("balance")).isFalse();
    }
}
