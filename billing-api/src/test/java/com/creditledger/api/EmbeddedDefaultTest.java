package com.creditledger.api;

import com.creditledger.api.audit.AuditCommandLine;
import com.creditledger.api.support.Api;
import com.creditledger.api.support.FreePorts;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
        int kafkaPort = FreePorts.next();
        String[] args = {"--server.port=0", "--billing.db.url=", "--BILLING_LOG_FORMAT=",
                "--billing.db.embedded.data-directory=" + data, "--billing.db.embedded.port=" + FreePorts.next(),
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

    @Test
    void audit_reads_the_trial_database_whether_the_service_runs_or_not(@TempDir Path data, @TempDir Path empty) throws IOException {
        Clock eventClock = GenericEventMessage.clock;
        String[] args = {"--server.port=0", "--billing.db.url=", "--BILLING_LOG_FORMAT=", "--billing.kafka.enabled=false",
                "--billing.db.embedded.data-directory=" + data, "--billing.db.embedded.port=" + FreePorts.next()};
        try {
            try (ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args)) {
                Api billing = api(app, "billing");
                billing.post("/api/accounts", "{\"accountId\":\"acc-cli\"}");
                billing.post("/api/accounts/acc-cli/top-ups", "{\"paymentId\":\"p1\",\"credits\":100}");
                // the running service's PostgreSQL, found from its lock file
                await().untilAsserted(() -> assertThat(audit("verify", "--account", "acc-cli", "--data-dir", data.toString()).status)
                        .isZero());
                Audit unknown = audit("verify", "--account", "nope", "--data-dir", data.toString());
                assertThat(unknown.status).as("as HTTP answers 404").isEqualTo(1);
                assertThat(unknown.err).contains("no account 'nope' (UNKNOWN_ACCOUNT)");
                assertThat(unknown.out).isEmpty();
            }
            // the service is stopped: a PostgreSQL is started on its directory for the command, and stopped after it
            Audit balance = audit("balance", "--account", "acc-cli", "--as-of", "2100-01-01T00:00:00Z", "--data-dir", data.toString());
            assertThat(balance.status).as(balance.err).isZero();
            assertThat(balance.out).contains("\"total\" : 100");
            assertThat(data.resolve("postmaster.pid")).doesNotExist();

            Audit nothing = audit("verify", "--all", "--data-dir", empty.toString());
            assertThat(nothing.status).isEqualTo(2);
            assertThat(nothing.err).contains("holds no trial-run database").contains("--db-url");
        } finally {
            GenericEventMessage.clock = eventClock;
        }
    }

    record Audit(int status, String out, String err) {
    }

    private static Audit audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Audit(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Api api(ConfigurableApplicationContext app, String user) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return new Api(port, user, "demo");
    }
}
