package com.creditledger.api.fuzz;

import com.creditledger.api.fuzz.SpoiledCommands.HttpCase;
import com.creditledger.api.fuzz.SpoiledCommands.KafkaCase;
import com.creditledger.api.support.Api;
import com.creditledger.api.support.KafkaServiceTest;
import com.creditledger.api.support.KafkaTestClient;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated commands, each spoiled so that it must be refused (see
 * {@link SpoiledCommands}), over HTTP and over Kafka. Every one must be answered with a refusal
 * that gives a reason (a 4xx problem, a REJECTED result or a dead letter), none with a 5xx, a
 * stack trace or a Java class name, and the accounts they aim at must not change at all.
 * The seed is fixed, so a failure repeats; the failing inputs are listed.
 */
class InputFuzzTest extends KafkaServiceTest {

    private static final long SEED = 20261202L;
    private static final int HTTP_CASES = 800;
    private static final int KAFKA_CASES = 2000;
    /** Library internals a refusal must never show. */
    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|\\tat |com\\.fasterxml|org\\.springframework|org\\.apache|org\\.axonframework|java\\.[a-z]+\\.|com\\.creditledger|"
                    + "DeserializationFeature|StreamReadConstraints|<html");

    @Test
    void spoiled_http_requests_are_refused_with_a_reason_and_change_nothing() throws InterruptedException {
        List<String> accounts = openAccounts();
        Ledger before = Ledger.of(jdbc, accounts);
        List<JsonNode> balancesBefore = balances(accounts);
        SpoiledCommands commands = new SpoiledCommands(SEED, accounts, run);
        List<HttpCase> cases = IntStream.range(0, HTTP_CASES).mapToObj(commands::http).toList();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> outcomes = new ConcurrentSkipListMap<>();
        // every request is checked against a BCrypt hash (some 70 ms of CPU here): two at a time use both cores
        ExecutorService senders = Executors.newFixedThreadPool(2);
        for (int n = 0; n < cases.size(); n++) {
            int number = n;
            senders.execute(() -> {
                HttpCase spoiled = cases.get(number);
                Map<String, String> headers = new HashMap<>();
                if (spoiled.contentType() != null) {
                    headers.put("Content-Type", spoiled.contentType());
                }
                Api.Response response = as(spoiled.kind().user).send(spoiled.kind().method, spoiled.path(), headers, spoiled.body());
                outcomes.merge(response.status() + " " + response.reason(), 1, Integer::sum);
                String problem = httpProblem(response);
                if (problem != null) {
                    failures.add("#" + number + " " + spoiled.kind() + " " + spoiled.path() + " (" + spoiled.spoilt() + "): " + problem
                            + "\n    sent " + excerpt(new String(spoiled.body() == null ? new byte[0] : spoiled.body(), StandardCharsets.UTF_8))
                            + "\n    got  " + excerpt(response.body().toString()));
                }
            });
        }
        senders.shutdown();
        assertThat(senders.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
        System.out.println("HTTP fuzz outcomes: " + outcomes);
        assertThat(failures).as("%d of %d spoiled requests", failures.size(), HTTP_CASES).isEmpty();
        assertThat(Ledger.of(jdbc, accounts)).isEqualTo(before);
        assertThat(balances(accounts)).isEqualTo(balancesBefore);
    }

    @Test
    void spoiled_kafka_records_are_refused_with_a_reason_and_change_nothing() {
        List<String> accounts = openAccounts();
        Ledger before = Ledger.of(jdbc, accounts);
        List<JsonNode> balancesBefore = balances(accounts);
        SpoiledCommands commands = new SpoiledCommands(SEED + 1, accounts, run);
        Map<String, KafkaCase> sent = new LinkedHashMap<>();
        for (int n = 0; n < KAFKA_CASES; n++) {
            KafkaCase spoiled = commands.kafka(n);
            sent.put(spoiled.marker(), spoiled);
            kafka.send(COMMANDS, spoiled.key(), spoiled.value());
        }
        kafka.flush();

        Map<String, String> answers = awaitAnswers(sent);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        for (KafkaCase spoiled : sent.values()) {
            String answer = answers.get(spoiled.marker());
            outcomes.merge(answer == null ? "none" : answer.substring(0, answer.indexOf(' ')), 1, Integer::sum);
            String problem = answer == null ? "no answer" : answer.startsWith("REJECTED") || answer.startsWith("DEAD") ? null : answer;
            if (problem == null && INTERNALS.matcher(answer).find()) {
                problem = "library internals in " + answer;
            }
            if (problem != null) {
                failures.add(spoiled.marker() + " (" + spoiled.spoilt() + "): " + excerpt(problem)
                        + "\n    sent " + excerpt(new String(spoiled.value(), StandardCharsets.UTF_8)));
            }
        }
        System.out.println("Kafka fuzz outcomes: " + outcomes);
        assertThat(failures).as("%d of %d spoiled records", failures.size(), KAFKA_CASES).isEmpty();
        assertThat(Ledger.of(jdbc, accounts)).isEqualTo(before);
        assertThat(balances(accounts)).isEqualTo(balancesBefore);
    }

    /** What is wrong with an answer to a spoiled request, or null if it is a proper refusal. */
    private static String httpProblem(Api.Response response) {
        if (response.status() < 400 || response.status() >= 500) {
            return "status " + response.status();
        }
        if (!response.isProblem()) {
            return "content type " + response.contentType();
        }
        if (response.reason() == null || response.reason().isBlank()) {
            return "no reason";
        }
        if (response.body().path("detail").asText().isBlank()) {
            return "no detail";
        }
        if (INTERNALS.matcher(response.body().toString()).find()) {
            return "library internals";
        }
        return null;
    }

    /**
     * Each record's answer, by marker: "REJECTED reason message" from its result, "DEAD reason" from its
     * dead letter, or the result's status and reason when it was not refused.
     */
    private Map<String, String> awaitAnswers(Map<String, KafkaCase> sent) {
        Map<String, String> answers = new HashMap<>();
        Instant deadline = Instant.now().plus(WAIT);
        while (answers.size() < sent.size() && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : kafka.readAll(RESULTS)) {
                JsonNode result = KafkaTestClient.json(record);
                String marker = markerOf(result.path("commandId").asText(""), sent);
                if (marker != null) {
                    answers.put(marker, result.path("status").asText() + " " + result.path("reason").asText()
                            + " " + result.path("field").asText() + ": " + result.path("message").asText());
                }
            }
            for (ConsumerRecord<String, byte[]> record : kafka.readAll(DLT)) {
                String value = new String(record.value() == null ? new byte[0] : record.value(), StandardCharsets.ISO_8859_1);
                sent.keySet().stream().filter(value::contains).findFirst().ifPresent(marker -> answers.put(marker,
                        "DEAD " + KafkaTestClient.header(record, "billing.dlt.reason")));
            }
        }
        return answers;
    }

    /** Results echo the commandId, which a spoiled one extends by a character. */
    private static String markerOf(String commandId, Map<String, KafkaCase> sent) {
        int end = commandId.indexOf('.');
        String marker = end < 0 ? null : commandId.substring(0, end + 1);
        return marker != null && sent.containsKey(marker) ? marker : null;
    }

    /** Accounts with a cycle, top-up credits, a charged job and an open hold: every command would apply to them. */
    private List<String> openAccounts() {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String acc = "fz-" + run + "-" + i;
            accounts.add(acc);
            billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
            billing().post("/api/accounts/" + acc + "/renewals", "{\"plan\":\"pro\",\"monthlyCredits\":500,\"periodStart\":\""
                    + Instant.now().minus(Duration.ofDays(1)) + "\",\"periodEnd\":\"" + Instant.now().plus(Duration.ofDays(30)) + "\"}");
            billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"seed\",\"credits\":1000}");
            jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"" + SpoiledCommands.CHARGED + "\",\"tool\":\"motion-edit\"}");
            Api.Response held = jobService().post("/api/accounts/" + acc + "/holds",
                    "{\"jobId\":\"" + SpoiledCommands.HELD + "\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":1}}");
            assertThat(held.status()).as(held.body().toString()).isEqualTo(200);
        }
        return accounts;
    }

    /** The balance views, once the projection has every event of the account. */
    private List<JsonNode> balances(List<String> accounts) {
        return accounts.stream().map(acc -> {
            long last = jdbc.sql("select max(sequence_number) from domain_event_entry where aggregate_identifier = :id")
                    .param("id", acc).query(Long.class).single();
            return eventually(() -> finance().get("/api/accounts/" + acc + "/balance").body(),
                    balance -> balance.path("lastSequence").asLong(-1) == last);
        }).toList();
    }

    private static String excerpt(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...(" + text.length() + " characters)";
    }
}
