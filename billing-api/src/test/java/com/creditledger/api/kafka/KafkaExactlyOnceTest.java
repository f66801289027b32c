package com.creditledger.api.kafka;

import com.creditledger.api.BillingApplication;
import com.creditledger.api.support.KafkaTestClient;
import com.creditledger.api.support.SeparateService;
import com.creditledger.api.support.ServiceProcess;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record of the commands topic is decided once, ever, and answered the same way on every
 * delivery: after a crash between the database commit and the offset commit, and when a
 * second consumer group reads the topic from its beginning. Each test runs an application of
 * its own, on its own database and topics, next to the shared test context.
 */
class KafkaExactlyOnceTest extends ServiceTest {

    private static final String CHARGE = "{\"type\":\"ChargeJob\",\"commandId\":\"%s\",\"accountId\":\"%s\",\"jobId\":\"%s\",\"tool\":\"motion-edit\"}";
    private static final String TOP_UP = "{\"type\":\"TopUp\",\"commandId\":\"%s\",\"accountId\":\"%s\",\"paymentId\":\"%s\",\"credits\":%d}";
    private static final String OPEN = "{\"type\":\"OpenAccount\",\"commandId\":\"%s\",\"accountId\":\"%s\"}";

    @Value("${billing.kafka.bootstrap}")
    String bootstrap;

    /** The case that was reproduced: a refusal must stay a refusal when the records are read again. */
    @Test
    void a_second_consumer_group_decides_nothing_again() {
        String run = "group-" + UUID.randomUUID().toString().substring(0, 8);
        String account = run + "-a";
        String database = TestDatabase.newDatabase();
        Clock eventClock = GenericEventMessage.clock;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            ConfigurableApplicationContext first = SpringApplication.run(BillingApplication.class, args(run, database, run));
            try {
                kafka.awaitTopic(run + ".commands", Duration.ofSeconds(30));
                kafka.send(run + ".commands", account, OPEN.formatted("open", account));
                kafka.send(run + ".commands", account, CHARGE.formatted("charge", account, "job-1"));
                kafka.send(run + ".commands", account, TOP_UP.formatted("top-up", account, "pay-1", 100));
                kafka.flush();
                List<JsonNode> answers = kafka.awaitJson(run + ".results", r -> true, 3, Duration.ofSeconds(60));
                assertThat(answers).filteredOn(a -> a.path("commandId").asText().equals("charge"))
                        .singleElement().satisfies(a -> assertThat(a.path("reason").asText()).isEqualTo("INSUFFICIENT_CREDITS"));
            } finally {
                first.close();
            }

            // Another consumer group starts at the beginning of the topic: PostgreSQL says where to resume.
            ConfigurableApplicationContext second = SpringApplication.run(BillingApplication.class, args(run, database, run + "-other"));
            try {
                kafka.send(run + ".commands", account, TOP_UP.formatted("top-up-2", account, "pay-2", 50));
                kafka.flush();
                kafka.awaitJson(run + ".results", a -> a.path("commandId").asText().equals("top-up-2"), 1, Duration.ofSeconds(60));
                Map<String, Set<String>> answered = answersById(kafka, run + ".results");
                assertThat(answered).as("every command has one answer, however often it was sent").allSatisfy((id, texts) -> assertThat(texts).hasSize(1));
                assertThat(answered.get("charge").iterator().next()).contains("INSUFFICIENT_CREDITS");

                JdbcClient jdbc = second.getBean(JdbcClient.class);
                assertThat(jdbc.sql("select count(*) from domain_event_entry where payload_type like '%JobCharged'").query(Long.class).single())
                        .as("the refused charge was not charged on a second reading").isZero();
                eventually(() -> assertThat(jdbc.sql("select top_up from balance_view where account_id = :id").param("id", account)
                        .query(Long.class).single()).isEqualTo(150));
            } finally {
                second.close();
            }
        } finally {
            GenericEventMessage.clock = eventClock;
        }
    }

    /**
     * The service halts right after a batch's database commit, before its answers reach Kafka and
     * its offsets are committed. Started again, it answers that batch from the database and
     * decides nothing twice: every command has exactly one answer and the balances are those of
     * deciding each command once, in order (refusals included, which a later top-up would turn).
     */
    @Test
    void a_crash_between_the_database_commit_and_the_offset_commit_loses_nothing_and_decides_nothing_twice() throws Exception {
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        String database = TestDatabase.newDatabase();
        String[] args = args(run, database, run);
        String[] crashing = Stream.concat(Arrays.stream(args), Stream.of("--billing.test.crash-after-batches=3")).toArray(String[]::new);
        ServiceProcess service = ServiceProcess.start(CrashingService.class, crashing);

        Map<String, Long> balance = new LinkedHashMap<>();
        Map<String, String> expectedStatus = new HashMap<>();
        Clock eventClock = GenericEventMessage.clock;
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.awaitTopic(run + ".commands", Duration.ofSeconds(120));
            String commands = run + ".commands";
            for (int i = 0; i < 10; i++) {
                String account = run + "-" + i;
                long credits = i < 5 ? 1000 : 12;
                balance.put(account, credits);
                kafka.send(commands, account, OPEN.formatted("open-" + i, account));
                kafka.send(commands, account, TOP_UP.formatted("top-up-" + i, account, "pay-" + i, credits));
            }
            int charges = 0;
            for (int round = 0; round < 40; round++) {
                for (String account : balance.keySet()) {
                    if (round == 10) {
                        kafka.send(commands, account, TOP_UP.formatted("late-top-up-" + account, account, "late", 100));
                        balance.merge(account, 100L, Long::sum);
                    }
                    String id = "charge-" + charges++;
                    kafka.send(commands, account, CHARGE.formatted(id, account, "job-" + id));
                    boolean paid = balance.get(account) >= 5;
                    expectedStatus.put(id, paid ? "ACCEPTED" : "REJECTED");
                    if (paid) {
                        balance.merge(account, -5L, Long::sum);
                    }
                }
            }
            kafka.flush();
            assertThat(service.awaitExit(Duration.ofSeconds(180))).as("the service crashed as planned; its log: " + service.log()).isTrue();
            assertThat(service.exitValue()).as("it halted after a commit; its log: " + service.log()).isEqualTo(CrashingService.EXIT_CODE);

            ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args);
            try {
                int total = 20 + 10 + charges;
                List<JsonNode> answers = kafka.awaitDistinct(run + ".results", a -> true, a -> a.path("commandId").asText(),
                        total, Duration.ofSeconds(120));
                Map<String, Set<String>> answered = answersById(kafka, run + ".results");
                assertThat(answered).as("every command answered").hasSize(total);
                assertThat(answered).as("every command answered one way, however often").allSatisfy((id, texts) -> assertThat(texts).hasSize(1));
                Map<String, String> status = answers.stream().filter(a -> a.path("commandId").asText().startsWith("charge-"))
                        .collect(Collectors.toMap(a -> a.path("commandId").asText(), a -> a.path("status").asText(), (a, b) -> a));
                assertThat(status).as("each charge decided once, in order").isEqualTo(expectedStatus);

                JdbcClient jdbc = app.getBean(JdbcClient.class);
                long accepted = expectedStatus.values().stream().filter("ACCEPTED"::equals).count();
                assertThat(jdbc.sql("select count(*) from domain_event_entry where payload_type like '%JobCharged'").query(Long.class).single())
                        .as("exactly one effect per accepted charge").isEqualTo(accepted);
                for (Map.Entry<String, Long> account : balance.entrySet()) {
                    eventually(() -> assertThat(jdbc.sql("select top_up from balance_view where account_id = :id")
                            .param("id", account.getKey()).query(Long.class).single()).as(account.getKey()).isEqualTo(account.getValue()));
                }
            } finally {
                app.close();
            }
        } finally {
            service.close();
            GenericEventMessage.clock = eventClock;
        }
    }

    private String[] args(String run, String database, String group) {
        return SeparateService.argsInGroup(run, group, database, bootstrap, "--logging.level.root=WARN",
                "--spring.kafka.consumer.max-poll-records=20");
    }

    /** Every answer on the results topic, by command id: the distinct texts each was answered with. */
    private static Map<String, Set<String>> answersById(KafkaTestClient kafka, String topic) {
        Map<String, Set<String>> answered = new HashMap<>();
        for (var record : kafka.readAll(topic)) {
            answered.computeIfAbsent(KafkaTestClient.json(record).path("commandId").asText(), id -> new HashSet<>())
                    .add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return answered;
    }
}
