package com.creditledger.api.scaleout;

import com.creditledger.api.BillingApplication;
import com.creditledger.api.support.Api;
import com.creditledger.api.support.KafkaTestClient;
import com.creditledger.api.support.SeparateService;
import com.creditledger.api.support.ServiceProcess;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two (or three) instances of the service on one database and one broker: the supported way
 * to scale out. Each test runs instances of its own, on its own database and topics, next to
 * the shared test context.
 */
class TwoInstancesTest extends ServiceTest {

    private static final String PASSWORD = "x";
    private static final Duration LONG = Duration.ofSeconds(120);

    @Value("${billing.kafka.bootstrap}")
    String bootstrap;

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private Clock eventClock;
    private String run;
    private String[] args;
    private KafkaTestClient kafka;

    @BeforeEach
    void newDeployment() {
        eventClock = GenericEventMessage.clock;
        run = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        // A dead member's partitions move after the session timeout: short here, so the test is quick.
        args = SeparateService.args(run, TestDatabase.newDatabase(), bootstrap, "--logging.level.root=WARN",
                "--spring.kafka.consumer.max-poll-records=20",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--db-scheduler.polling-interval=1s");
        kafka = new KafkaTestClient(bootstrap);
    }

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
        kafka.close();
        GenericEventMessage.clock = eventClock;
    }

    @Test
    void http_and_kafka_commands_on_the_same_accounts_through_two_instances_are_all_answered_right() throws Exception {
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        Api a = api(first, "job-service");
        Api b = api(second, "job-service");
        List<String> accounts = List.of(run + "-0", run + "-1", run + "-2");
        for (String account : accounts) {
            assertThat(api(first, "billing").post("/api/accounts", "{\"accountId\":\"" + account + "\"}").status()).isEqualTo(201);
            assertThat(api(second, "billing").post("/api/accounts/" + account + "/top-ups", "{\"paymentId\":\"p\",\"credits\":1000000}").status()).isEqualTo(200);
        }
        Map<String, AtomicInteger> charged = new ConcurrentHashMap<>();
        List<Integer> httpStatuses = java.util.Collections.synchronizedList(new ArrayList<>());
        Thread http = new Thread(() -> {
            for (int i = 0; i < 150; i++) {
                String account = accounts.get(i % accounts.size());
                Api instance = i % 2 == 0 ? a : b;
                Api.Response response = instance.post("/api/accounts/" + account + "/charges",
                        "{\"jobId\":\"http-" + i + "\",\"tool\":\"motion-edit\"}");
                httpStatuses.add(response.status());
                if (response.status() == 200) {
                    charged.computeIfAbsent(account, k -> new AtomicInteger()).incrementAndGet();
                }
            }
        });
        http.start();
        for (int i = 0; i < 300; i++) {
            String account = accounts.get(i % accounts.size());
            kafka.send(run + ".commands", account, ("{\"type\":\"ChargeJob\",\"commandId\":\"kafka-%d\",\"accountId\":\"%s\","
                    + "\"jobId\":\"kafka-%d\",\"tool\":\"motion-edit\"}").formatted(i, account, i));
        }
        kafka.flush();
        List<JsonNode> results = kafka.awaitDistinct(run + ".results", r -> true, r -> r.path("commandId").asText(), 300, LONG);
        http.join();

        assertThat(httpStatuses).as("every HTTP charge answered 200 on either instance, never a 5xx or a conflict")
                .hasSize(150).containsOnly(200);
        assertThat(results).allSatisfy(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("ACCEPTED"));
        assertThat(jobsCharged()).isEqualTo(450);
        for (String account : accounts) {
            long expected = 1_000_000 - 5L * (charged.get(account).get() + 100);
            for (Api instance : List.of(a, b)) {
                await().atMost(LONG).untilAsserted(() -> assertThat(instance.get("/api/accounts/" + account + "/balance")
                        .body().path("topUp").asLong()).as(account).isEqualTo(expected));
            }
            await().atMost(LONG).untilAsserted(() -> assertThat(api(first, "auditor")
                    .get("/api/audit/accounts/" + account + "/verify").body().path("ok").asBoolean())
                    .as("the projections equal a replay of the store").isTrue());
        }
    }

    /**
     * One instance is killed (SIGKILL, no shutdown) in the middle of a Kafka load: the other takes
     * over its partitions and its projection segments; no command is lost, none decided twice,
     * every command answered, one way.
     */
    @Test
    void an_instance_killed_mid_load_loses_nothing_and_decides_nothing_twice() throws Exception {
        ServiceProcess doomed = ServiceProcess.start(BillingApplication.class, args);
        try {
            ConfigurableApplicationContext survivor = start();
            kafka.awaitTopic(run + ".commands", LONG);
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                String account = run + "-" + i;
                accounts.add(account);
                kafka.send(run + ".commands", account, "{\"type\":\"OpenAccount\",\"commandId\":\"open-%d\",\"accountId\":\"%s\"}".formatted(i, account));
                kafka.send(run + ".commands", account,
                        "{\"type\":\"TopUp\",\"commandId\":\"top-%d\",\"accountId\":\"%s\",\"paymentId\":\"p\",\"credits\":1000000}".formatted(i, account));
            }
            int charges = 1200;
            for (int i = 0; i < charges; i++) {
                String account = accounts.get(i % accounts.size());
                kafka.send(run + ".commands", account, ("{\"type\":\"ChargeJob\",\"commandId\":\"charge-%d\",\"accountId\":\"%s\","
                        + "\"jobId\":\"job-%d\",\"tool\":\"motion-edit\"}").formatted(i, account, i));
                if (i == charges / 3) {
                    kafka.flush();
                    kafka.await(run + ".results", r -> KafkaTestClient.json(r).path("commandId").asText().startsWith("charge-"), 100, LONG);
                    doomed.kill();
                }
            }
            kafka.flush();
            int total = 2 * accounts.size() + charges;
            List<JsonNode> results = kafka.awaitDistinct(run + ".results", r -> true, r -> r.path("commandId").asText(), total, LONG);
            assertThat(results).allSatisfy(r -> assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("ACCEPTED"));
            Map<String, Set<String>> answers = new HashMap<>();
            for (var record : kafka.readAll(run + ".results")) {
                answers.computeIfAbsent(KafkaTestClient.json(record).path("commandId").asText(), k -> new HashSet<>())
                        .add(new String(record.value(), java.nio.charset.StandardCharsets.UTF_8));
            }
            assertThat(answers).as("every command answered one way, however often").hasSize(total)
                    .allSatisfy((id, texts) -> assertThat(texts).hasSize(1));
            assertThat(jobsCharged()).as("one effect per charge").isEqualTo(charges);
            Api api = api(survivor, "job-service");
            for (String account : accounts) {
                long expected = 1_000_000 - 5L * (charges / accounts.size());
                await().atMost(LONG).untilAsserted(() -> assertThat(api.get("/api/accounts/" + account + "/balance")
                        .body().path("topUp").asLong()).as("the survivor's projections took over: " + account).isEqualTo(expected));
            }
        } finally {
            doomed.close();
        }
    }

    @Test
    void a_deadline_scheduled_by_an_instance_that_stopped_fires_on_another_once() {
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        String account = run + "-held";
        Api billing = api(first, "billing");
        billing.post("/api/accounts", "{\"accountId\":\"" + account + "\"}");
        billing.post("/api/accounts/" + account + "/top-ups", "{\"paymentId\":\"p\",\"credits\":100}");
        Instant expiresAt = Instant.now().plusSeconds(4);
        Api.Response held = api(first, "job-service").post("/api/accounts/" + account + "/holds",
                "{\"jobId\":\"job-1\",\"tool\":\"motion-edit\",\"expiresAt\":\"" + expiresAt + "\"}");
        assertThat(held.status()).as(held.body().toString()).isEqualTo(200);
        first.close();
        instances.remove(first);

        JdbcClient jdbc = second.getBean(JdbcClient.class);
        await().atMost(LONG).untilAsserted(() -> assertThat(events(jdbc, account, "HoldExpired")).isEqualTo(1));
        await().pollDelay(Duration.ofSeconds(3)).atMost(LONG).untilAsserted(() -> assertThat(jdbc.sql("select count(*) from scheduled_tasks")
                .query(Long.class).single()).as("nothing left to fire").isZero());
        assertThat(events(jdbc, account, "HoldExpired")).as("fired once").isEqualTo(1);
        assertThat(api(second, "billing").get("/api/accounts/" + account + "/balance").body().path("topUp").asLong())
                .isEqualTo(100);
    }

    /** With two segments per processor, each of two instances ends up running one; when one stops, the other runs both. */
    @Test
    void event_processor_segments_spread_over_the_instances_and_come_back_to_the_survivor() {
        args = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--billing.projections.segments=2", "--billing.projections.balance-interval=2s")).toArray(String[]::new);
        ConfigurableApplicationContext first = start();
        ConfigurableApplicationContext second = start();
        JdbcClient jdbc = second.getBean(JdbcClient.class);
        for (String processor : List.of("balances", "usage", "finance", "kafka-events")) {
            await().atMost(LONG).untilAsserted(() -> assertThat(owners(jdbc, processor)).as(processor + " runs on both instances").isEqualTo(2));
        }
        first.close();
        instances.remove(first);
        for (String processor : List.of("balances", "usage", "finance", "kafka-events")) {
            await().atMost(LONG).untilAsserted(() -> {
                assertThat(owners(jdbc, processor)).as(processor + " runs on the survivor alone").isEqualTo(1);
                assertThat(jdbc.sql("select count(*) from token_entry where processor_name = :p and owner is not null").param("p", processor)
                        .query(Long.class).single()).as("both segments of " + processor + " claimed").isEqualTo(2);
            });
        }
    }

    private static long owners(JdbcClient jdbc, String processor) {
        return jdbc.sql("select count(distinct owner) from token_entry where processor_name = :p and owner is not null")
                .param("p", processor).query(Long.class).single();
    }

    private ConfigurableApplicationContext start() {
        ConfigurableApplicationContext instance = SpringApplication.run(BillingApplication.class, args);
        instances.add(instance);
        return instance;
    }

    private static int port(ConfigurableApplicationContext instance) {
        return Integer.parseInt(instance.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static Api api(ConfigurableApplicationContext instance, String user) {
        return new Api(port(instance), user, PASSWORD);
    }

    private long jobsCharged() {
        JdbcClient jdbc = instances.get(0).getBean(JdbcClient.class);
        return jdbc.sql("select count(*) from domain_event_entry where payload_type like '%JobCharged'").query(Long.class).single();
    }

    private static long events(JdbcClient jdbc, String account, String type) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = :a and payload_type like :t")
                .param("a", account).param("t", "%" + type).query(Long.class).single();
    }
}
