package com.creditledger.api.kafka;

import java.time.Instant;
import com.creditledger.api.support.KafkaTestClient;
import com.creditledger.api.support.KafkaServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Job services' contract over a real (in-process KRaft) broker and a real PostgreSQL. */
class KafkaCommandsTest extends KafkaServiceTest {

    @Test
    void every_command_type_gets_its_result_field_by_field() {
        // a November far ahead: its cycle-end deadline (real time) must not fire during the test, whatever the date of the run
        clock.moveTo(Instant.parse("2036-11-15T12:00:00Z"));
        String acc = "acc-" + run;
        send(acc, "{\"type\":\"OpenAccount\",\"commandId\":\"%s-1\",\"accountId\":\"%s\"}".formatted(run, acc));
        send(acc, ("{\"type\":\"RenewSubscription\",\"commandId\":\"%s-2\",\"accountId\":\"%s\",\"plan\":\"pro\",\"monthlyCredits\":20,"
                + "\"periodStart\":\"2036-11-01T00:00:00Z\",\"periodEnd\":\"2036-12-01T00:00:00Z\"}").formatted(run, acc));
        send(acc, "{\"type\":\"TopUp\",\"commandId\":\"%s-3\",\"accountId\":\"%s\",\"paymentId\":\"pay-9\",\"credits\":500,\"packageId\":\"pack-500\"}"
                .formatted(run, acc));
        send(acc, ("{\"type\":\"ChargeJob\",\"commandId\":\"%s-4\",\"accountId\":\"%s\",\"jobId\":\"job-42\",\"tool\":\"text-to-material\","
                + "\"params\":{\"width\":1024,\"height\":1024,\"upscale\":2}}").formatted(run, acc));
        send(acc, "{\"type\":\"ChargeJob\",\"commandId\":\"%s-5\",\"accountId\":\"%s\",\"jobId\":\"job-43\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":3}}"
                .formatted(run, acc));
        send(acc, "{\"type\":\"RefundJob\",\"commandId\":\"%s-6\",\"accountId\":\"%s\",\"jobId\":\"job-42\",\"reason\":\"generation failed\"}"
                .formatted(run, acc));
        send(acc, "{\"type\":\"ChargeJob\",\"commandId\":\"%s-7\",\"accountId\":\"%s\",\"jobId\":\"job-44\",\"tool\":\"text-to-song\"}".formatted(run, acc));
        send(acc, "{\"type\":\"OpenAccount\",\"commandId\":\"%s-8\",\"accountId\":\"%s\"}".formatted(run, acc));
        send("nobody-" + run, "{\"type\":\"TopUp\",\"commandId\":\"%s-9\",\"accountId\":\"nobody-%s\",\"paymentId\":\"p\",\"credits\":5}".formatted(run, run));
        send(acc, "{\"type\":\"ChargeJob\",\"commandId\":\"%s-10\",\"accountId\":\"%s\",\"jobId\":\"job-45\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":\"three\"}}"
                .formatted(run, acc));
        kafka.flush();

        Map<String, JsonNode> results = resultsByCommandId(10);

        JsonNode opened = results.get(run + "-1");
        assertThat(opened.path("type").asText()).isEqualTo("OpenAccount");
        assertThat(opened.path("accountId").asText()).isEqualTo(acc);
        assertThat(opened.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(opened.path("duplicate").asBoolean()).isFalse();
        assertThat(opened.has("reason")).isFalse();
        assertThat(opened.path("balance").path("total").asLong()).isZero();

        JsonNode renewed = results.get(run + "-2");
        assertThat(renewed.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(renewed.path("credits").asLong()).isEqualTo(20);
        assertThat(renewed.path("balance").path("subscription").asLong()).isEqualTo(20);

        JsonNode toppedUp = results.get(run + "-3");
        assertThat(toppedUp.path("credits").asLong()).isEqualTo(500);
        assertThat(toppedUp.path("fromTopUp").asLong()).isEqualTo(500);
        assertThat(toppedUp.path("balance").path("total").asLong()).isEqualTo(520);

        JsonNode charged = results.get(run + "-4");
        assertThat(charged.path("type").asText()).isEqualTo("ChargeJob");
        assertThat(charged.path("jobId").asText()).isEqualTo("job-42");
        assertThat(charged.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(charged.path("credits").asLong()).isEqualTo(18);
        assertThat(charged.path("fromSubscription").asLong()).isEqualTo(18);
        assertThat(charged.path("fromTopUp").asLong()).isZero();
        assertThat(charged.path("balance").path("subscription").asLong()).isEqualTo(2);
        assertThat(charged.path("balance").path("topUp").asLong()).isEqualTo(500);
        assertThat(charged.path("balance").path("total").asLong()).isEqualTo(502);

        JsonNode motion = results.get(run + "-5");
        assertThat(motion.path("credits").asLong()).isEqualTo(15);
        assertThat(motion.path("fromSubscription").asLong()).isEqualTo(2);
        assertThat(motion.path("fromTopUp").asLong()).isEqualTo(13);

        JsonNode refunded = results.get(run + "-6");
        assertThat(refunded.path("type").asText()).isEqualTo("RefundJob");
        assertThat(refunded.path("credits").asLong()).isEqualTo(18);
        assertThat(refunded.path("fromSubscription").asLong()).isEqualTo(18);
        assertThat(refunded.path("balance").path("total").asLong()).isEqualTo(505);

        JsonNode unknownTool = results.get(run + "-7");
        assertThat(unknownTool.path("status").asText()).isEqualTo("REJECTED");
        assertThat(unknownTool.path("reason").asText()).isEqualTo("UNKNOWN_TOOL");
        assertThat(unknownTool.path("message").asText()).contains("text-to-song");

        JsonNode reopened = results.get(run + "-8");
        assertThat(reopened.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(reopened.path("duplicate").asBoolean()).isTrue();

        JsonNode unknownAccount = results.get(run + "-9");
        assertThat(unknownAccount.path("reason").asText()).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(unknownAccount.has("balance")).isFalse();

        JsonNode badParams = results.get(run + "-10");
        assertThat(badParams.path("reason").asText()).isEqualTo("INVALID_PARAMS");
        assertThat(badParams.path("field").asText()).isEqualTo("params.actions");

        assertThat(storedEvents(acc)).isEqualTo(6);

        List<ConsumerRecord<String, byte[]>> published = kafka.await(EVENTS, record -> acc.equals(record.key()), 6, WAIT);
        List<String> stored = jdbc.sql("""
                        select sequence_number || ':' || substring(payload_type from position('$' in payload_type) + 1) || ':' || event_identifier
                        from domain_event_entry where aggregate_identifier = :id order by sequence_number""")
                .param("id", acc).query(String.class).list();
        assertThat(published.stream().map(KafkaTestClient::json)
                .map(e -> e.path("sequenceNumber").asLong() + ":" + e.path("type").asText() + ":" + e.path("eventId").asText()).toList())
                .as("billing.events, in order, one for one with the store").isEqualTo(stored);
        JsonNode firstCharge = KafkaTestClient.json(published.get(3));
        assertThat(firstCharge.path("payload").path("credits").asLong()).isEqualTo(18);
        assertThat(firstCharge.path("globalPosition").asLong()).isPositive();
        assertThat(firstCharge.path("timestamp").asText()).isNotBlank();
    }

    @Test
    void a_thousand_commands_sent_twice_take_effect_once() {
        Random random = new Random(42);
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String acc = "acc-" + run + "-" + i;
            accounts.add(acc);
            send(acc, "{\"type\":\"OpenAccount\",\"commandId\":\"%s-open-%d\",\"accountId\":\"%s\"}".formatted(run, i, acc));
            send(acc, "{\"type\":\"TopUp\",\"commandId\":\"%s-top-%d\",\"accountId\":\"%s\",\"paymentId\":\"p\",\"credits\":100000}"
                    .formatted(run, i, acc));
        }
        String[][] tools = {{"motion-edit", "{}", "5"}, {"image-to-3d-mesh", "{}", "25"},
                {"text-to-motion", "{\"actions\":2}", "10"}, {"image-to-material", "{\"width\":512,\"height\":512,\"upscale\":2}", "17"}};
        List<String[]> charges = new ArrayList<>();
        Map<String, Long> spent = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String acc = accounts.get(random.nextInt(accounts.size()));
            String[] tool = tools[random.nextInt(tools.length)];
            charges.add(new String[]{acc, ("{\"type\":\"ChargeJob\",\"commandId\":\"%s-c-%d\",\"accountId\":\"%s\",\"jobId\":\"job-%d\","
                    + "\"tool\":\"%s\",\"params\":%s}").formatted(run, i, acc, i, tool[0], tool[1])});
            spent.merge(acc, Long.parseLong(tool[2]), Long::sum);
        }
        charges.forEach(charge -> send(charge[0], charge[1]));
        List<String[]> again = new ArrayList<>(charges);
        Collections.shuffle(again, random);
        again.forEach(charge -> send(charge[0], charge[1]));
        kafka.flush();

        List<JsonNode> results = kafka.awaitJson(RESULTS, result -> result.path("commandId").asText().startsWith(run + "-c-"), 2000, WAIT);
        assertThat(results).allMatch(result -> result.path("status").asText().equals("ACCEPTED"));
        assertThat(results.stream().filter(result -> result.path("duplicate").asBoolean()).count()).isEqualTo(1000);
        assertThat(results.stream().map(result -> result.path("commandId").asText()).collect(Collectors.toSet())).hasSize(1000);

        for (String acc : accounts) {
            long expected = 100000 - spent.getOrDefault(acc, 0L);
            eventually(() -> assertThat(finance().get("/api/accounts/" + acc + "/balance").body().path("total").asLong())
                    .as(acc).isEqualTo(expected));
        }
        assertThat(jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier like :prefix and payload_type like '%JobCharged'")
                .param("prefix", "acc-" + run + "-%").query(Long.class).single()).isEqualTo(1000);
        for (String acc : accounts.subList(0, 5)) {
            JsonNode chain = as("auditor").get("/api/audit/accounts/" + acc + "/verify").body().path("chain");
            assertThat(chain.path("intact").asBoolean()).as("hash chain of %s, written in batches: %s", acc, chain).isTrue();
        }
    }

    @Test
    void garbage_goes_to_the_dead_letter_topic_and_never_stalls_the_partition() {
        String acc = "acc-" + run;
        send(acc, "{\"type\":\"OpenAccount\",\"commandId\":\"%s-open\",\"accountId\":\"%s\"}".formatted(run, acc));
        send(acc, "{\"type\":\"TopUp\",\"commandId\":\"%s-top\",\"accountId\":\"%s\",\"paymentId\":\"p\",\"credits\":1000}".formatted(run, acc));
        Map<String, String> garbage = new HashMap<>();
        garbage.put("not json " + run, "not JSON");
        garbage.put("{\"type\":\"ChargeJob\",\"commandId\":\"" + run + "\",\"accountId\":", "not JSON");
        garbage.put("{\"type\":\"MintCredits\",\"commandId\":\"" + run + "\",\"accountId\":\"" + acc + "\"}", "unknown type 'MintCredits'");
        garbage.put("{\"type\":\"TopUp\",\"commandId\":\"" + run + "\",\"accountId\":\"" + acc + "\",\"paymentId\":\"p2\",\"credits\":\"lots\"}",
                "'credits' must be a whole number");
        garbage.put("{\"type\":\"ChargeJob\",\"commandId\":\"" + run + "\",\"jobId\":\"j\",\"tool\":\"motion-edit\"}", "missing 'accountId'");
        garbage.put("{\"type\":\"ChargeJob\",\"commandId\":\"" + run + "\",\"accountId\":[1],\"tool\":\"motion-edit\"}", "'accountId' must be a string");
        garbage.put("\"" + run + "\"", "not a JSON object");
        garbage.put("{\"type\":\"ChargeJob\",\"commandId\":\"" + run + "\",\"accountId\":\"someone-else\",\"jobId\":\"j\",\"tool\":\"motion-edit\"}",
                "is not the command's accountId");
        garbage.put("{\"padding\":\"" + run + "x".repeat(1_000_000) + "\"}", "missing 'type'");
        List<String> garbageValues = new ArrayList<>(garbage.keySet());
        for (int i = 0; i < 10; i++) {
            send(acc, "{\"type\":\"ChargeJob\",\"commandId\":\"%s-good-%d\",\"accountId\":\"%s\",\"jobId\":\"job-%d\",\"tool\":\"motion-edit\"}"
                    .formatted(run, i, acc, i));
            if (i < garbageValues.size()) {
                send(acc, garbageValues.get(i));
            }
        }
        kafka.flush();

        List<JsonNode> good = kafka.awaitJson(RESULTS, result -> result.path("commandId").asText().startsWith(run + "-good-"), 10, WAIT);
        assertThat(good).allMatch(result -> result.path("status").asText().equals("ACCEPTED") && result.path("credits").asLong() == 5);

        List<ConsumerRecord<String, byte[]>> dead = kafka.await(DLT,
                record -> new String(record.value(), StandardCharsets.UTF_8).contains(run), garbage.size(), WAIT);
        for (ConsumerRecord<String, byte[]> record : dead) {
            String value = new String(record.value(), StandardCharsets.UTF_8);
            assertThat(garbage).as("the value is dead-lettered unchanged").containsKey(value);
            assertThat(KafkaTestClient.header(record, CommandDecisions.REASON_HEADER)).contains(garbage.get(value));
            assertThat(KafkaTestClient.header(record, CommandDecisions.TOPIC_HEADER)).isEqualTo(COMMANDS);
            assertThat(KafkaTestClient.header(record, CommandDecisions.PARTITION_HEADER)).matches("\\d+");
            assertThat(KafkaTestClient.header(record, CommandDecisions.OFFSET_HEADER)).matches("\\d+");
            assertThat(record.key()).isEqualTo(acc);
        }
        assertThat(dead.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).collect(Collectors.toSet()))
                .isEqualTo(Set.copyOf(garbage.keySet()));
        eventually(() -> assertThat(finance().get("/api/accounts/" + acc + "/balance").body().path("total").asLong()).isEqualTo(950));
    }

    private void send(String key, String value) {
        kafka.send(COMMANDS, key, value);
    }

    private Map<String, JsonNode> resultsByCommandId(int expected) {
        return kafka.awaitJson(RESULTS, result -> result.path("commandId").asText().startsWith(run + "-"), expected, WAIT).stream()
                .collect(Collectors.toMap(result -> result.path("commandId").asText(), result -> result, (first, second) -> first));
    }
}
