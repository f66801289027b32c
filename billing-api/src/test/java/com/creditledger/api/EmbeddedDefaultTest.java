package com.creditledger.api;

import com.creditledger.api.support.Api;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's run command: no database configured, so the service starts its own PostgreSQL
 * with the data in a directory, ships demo users, and finds everything again after a restart.
 */
class EmbeddedDefaultTest {

    @Test
    void runs_with_no_setup_and_keeps_its_data_across_a_restart(@TempDir Path data) throws IOException {
        Clock eventClock = GenericEventMessage.clock;
        int kafkaPort = freePort();
        String[] args = {"--server.port=0", "--billing.db.url=", "--BILLING_LOG_FORMAT=",
                "--billing.db.embedded.data-directory=" + data, "--billing.db.embedded.port=" + freePort(),
                "--billing.kafka.bootstrap=", "--billing.kafka.embedded-port=" + kafkaPort};
        try {
            try (ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args)) {
                assertThat(app.getBean(org.springframework.kafka.test.EmbeddedKafkaKraftBroker.class).getBrokersAsString())
                        .as("the in-process broker listens on the configured port").isEqualTo("localhost:" + kafkaPort);
                Api billing = api(app, "billing");
                assertThat(billing.post("/api/accounts", "{\"accountId\":\"acc-embedded\"}").status()).isEqualTo(201);
                assertThat(billing.post("/api/accounts/acc-embedded/top-ups", "{\"paymentId\":\"p1\",\"credits\":100}").status()).isEqualTo(200);
                assertThat(api(app, "job-service").post("/api/accounts/acc-embedded/charges", "{\"jobId\":\"j1\",\"tool\":\"motion-edit\"}")
                        .body().path("credits").asLong()).isEqualTo(5);
            }
            try (ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args)) {
                Api jobService = api(app, "job-service");
                Api.Response again = jobService.post("/api/accounts/acc-embedded/charges", "{\"jobId\":\"j1\",\"tool\":\"motion-edit\"}");
                assertThat(again.body().path("duplicate").asBoolean()).as(again.body().toString()).isTrue();
                assertThat(again.body().path("balance").path("total").asLong()).isEqualTo(95);
                await().untilAsserted(() -> assertThat(jobService.get("/api/accounts/acc-embedded/balance").body().path("total").asLong())
                        .isEqualTo(95));
            }
        } finally {
            GenericEventMessage.clock = eventClock;
            // the in-process broker announces itself in system properties, where the next test would find a dead one
            System.clearProperty("spring.embedded.kafka.brokers");
            System.clearProperty("billing.kafka.embedded.brokers");
        }
    }

    private static Api api(ConfigurableApplicationContext app, String user) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new Api(port, user, "demo");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
