package com.creditledger.api.kafka;

import com.creditledger.api.BillingApplication;
import com.creditledger.api.support.KafkaTestClient;
import com.creditledger.api.support.SeparateService;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service is stopped in the middle of a stream of charges and started again: every
 * command has exactly one effect and at least one result. It runs as an application of its
 * own, on its own database and topics, next to the shared test context.
 */
class KafkaRestartTest extends ServiceTest {

    @Value("${billing.kafka.bootstrap}")
    String bootstrap;

    @Test
    void a_restart_mid_stream_loses_nothing_and_charges_nothing_twice() {
        String run = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String commands = run + ".commands";
        String results = run + ".results";
        String[] args = SeparateService.args(run, TestDatabase.newDatabase(), bootstrap, "--spring.kafka.consumer.max-poll-records=50");
        Clock eventClock = GenericEventMessage.clock;
        Random random = new Random(7);
        Map<String, Long> spent = new HashMap<>();
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args);
            try {
                kafka.awaitTopic(commands, Duration.ofSeconds(30));
                for (int i = 0; i < 20; i++) {
                    String acc = run + "-" + i;
                    kafka.send(commands, acc, "{\"type\":\"OpenAccount\",\"commandId\":\"open-%d\",\"accountId\":\"%s\"}".formatted(i, acc));
                    kafka.send(commands, acc, "{\"type\":\"TopUp\",\"commandId\":\"top-%d\",\"accountId\":\"%s\",\"paymentId\":\"p\",\"credits\":100000}"
                            .formatted(i, acc));
                }
                for (int i = 0; i < 1500; i++) {
                    String acc = run + "-" + random.nextInt(20);
                    spent.merge(acc, 5L, Long::sum);
                    kafka.send(commands, acc, "{\"type\":\"ChargeJob\",\"commandId\":\"charge-%d\",\"accountId\":\"%s\",\"jobId\":\"job-%d\",\"tool\":\"motion-edit\"}"
                            .formatted(i, acc, i));
                }
                kafka.flush();
                kafka.await(results, record -> KafkaTestClient.json(record).path("commandId").asText().startsWith("charge-"), 100,
                        Duration.ofSeconds(60));
            } finally {
                app.close();
            }

            app = SpringApplication.run(BillingApplication.class, args);
            try {
                List<JsonNode> answers = kafka.awaitDistinct(results, result -> result.path("commandId").asText().startsWith("charge-"),
                        result -> result.path("commandId").asText(),
                        1500, Duration.ofSeconds(120));
                Set<String> answered = answers.stream().map(result -> result.path("commandId").asText()).collect(Collectors.toSet());
                assertThat(answered).as("every charge has at least one result").hasSize(1500);
                assertThat(answers).allMatch(result -> result.path("status").asText().equals("ACCEPTED"));

                JdbcClient jdbc = app.getBean(JdbcClient.class);
                assertThat(jdbc.sql("select count(*) from domain_event_entry where payload_type like '%JobCharged'")
                        .query(Long.class).single()).as("exactly one effect per charge").isEqualTo(1500);
                for (Map.Entry<String, Long> account : spent.entrySet()) {
                    long expected = 100000 - account.getValue();
                    eventually(() -> assertThat(jdbc.sql("select top_up from balance_view where account_id = :id")
                            .param("id", account.getKey()).query(Long.class).single()).as(account.getKey()).isEqualTo(expected));
                }
            } finally {
                app.close();
            }
        } finally {
            GenericEventMessage.clock = eventClock;
        }
    }
}
