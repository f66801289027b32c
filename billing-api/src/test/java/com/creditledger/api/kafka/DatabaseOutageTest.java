package com.creditledger.api.kafka;

import com.creditledger.api.BillingApplication;
import com.creditledger.api.support.FreePorts;
import com.creditledger.api.support.KafkaTestClient;
import com.creditledger.api.support.SeparateService;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL goes away in the middle of a stream of charges and comes back: the service keeps
 * running, retries, and catches up; every charge has exactly one effect and a result.
 */
class DatabaseOutageTest extends ServiceTest {

    @Value("${billing.kafka.bootstrap}")
    String bootstrap;

    @Test
    void the_service_rides_out_a_database_outage(@TempDir Path data) throws Exception {
        int port = FreePorts.next();
        EmbeddedPostgres postgres = start(data, port);
        String run = "outage-" + UUID.randomUUID().toString().substring(0, 8);
        String commands = run + ".commands";
        String results = run + ".results";
        String[] args = SeparateService.args(run, postgres.getJdbcUrl("postgres", "postgres"), bootstrap,
                "--logging.level.root=WARN", "--spring.kafka.consumer.max-poll-records=20", "--spring.datasource.hikari.connection-timeout=2000");
        Clock eventClock = GenericEventMessage.clock;
        ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrap)) {
            kafka.awaitTopic(commands, Duration.ofSeconds(30));
            for (int i = 0; i < 4; i++) {
                String acc = run + "-" + i;
                kafka.send(commands, acc, "{\"type\":\"OpenAccount\",\"commandId\":\"open-%d\",\"accountId\":\"%s\"}".formatted(i, acc));
                kafka.send(commands, acc, "{\"type\":\"TopUp\",\"commandId\":\"top-%d\",\"accountId\":\"%s\",\"paymentId\":\"p\",\"credits\":10000}"
                        .formatted(i, acc));
            }
            kafka.flush();
            kafka.await(results, record -> KafkaTestClient.json(record).path("commandId").asText().startsWith("top-"), 4, Duration.ofSeconds(60));

            for (int i = 0; i < 400; i++) {
                String acc = run + "-" + (i % 4);
                kafka.send(commands, acc, "{\"type\":\"ChargeJob\",\"commandId\":\"charge-%d\",\"accountId\":\"%s\",\"jobId\":\"job-%d\",\"tool\":\"motion-edit\"}"
                        .formatted(i, acc, i));
                if (i == 100) {
                    kafka.flush();
                    kafka.await(results, record -> KafkaTestClient.json(record).path("commandId").asText().startsWith("charge-"), 20,
                            Duration.ofSeconds(60));
                    postgres.close();
                }
            }
            kafka.flush();
            Thread.sleep(3000);
            postgres = start(data, port);

            List<JsonNode> answers = kafka.awaitDistinct(results, result -> result.path("commandId").asText().startsWith("charge-"),
                        result -> result.path("commandId").asText(),
                    400, Duration.ofSeconds(120));
            Set<String> answered = answers.stream().map(result -> result.path("commandId").asText()).collect(Collectors.toSet());
            assertThat(answered).hasSize(400);
            assertThat(answers).allMatch(result -> result.path("status").asText().equals("ACCEPTED"));
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            assertThat(jdbc.sql("select count(*) from domain_event_entry where payload_type like '%JobCharged'").query(Long.class).single())
                    .isEqualTo(400);
            // Tracking processors back off up to a minute while the database is gone; then they catch up.
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                    assertThat(jdbc.sql("select sum(top_up) from balance_view").query(Long.class).single()).isEqualTo(4 * 10000 - 400 * 5));
        } finally {
            app.close();
            postgres.close();
            GenericEventMessage.clock = eventClock;
        }
    }

    private static EmbeddedPostgres start(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data.toFile()).setCleanDataDirectory(false).setPort(port).start();
    }
}
