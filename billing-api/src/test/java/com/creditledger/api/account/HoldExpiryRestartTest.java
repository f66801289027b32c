package com.creditledger.api.account;

import com.creditledger.api.BillingApplication;
import com.creditledger.api.support.Api;
import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.SeparateService;
import com.creditledger.api.support.TestDatabase;
import com.creditledger.api.support.TestKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hold's expiry is a deadline in PostgreSQL (db-scheduler): the service is stopped while the
 * hold is open and started again on the same database, and the hold still expires on time,
 * with no command to set it off. It runs as an application of its own, on its own database.
 */
class HoldExpiryRestartTest {

    /** Time enough to stop and start the service on a busy machine, which must happen before the hold expires. */
    static final Duration HOLD_LIFE = Duration.ofSeconds(20);
    /** The scheduler polls every second; the rest is slack for a busy machine. */
    static final Duration ON_TIME = Duration.ofSeconds(5);
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_hold_open_across_a_restart_expires_on_time_without_any_command() throws Exception {
        String run = "hold-expiry-" + UUID.randomUUID().toString().substring(0, 8);
        String[] args = SeparateService.args(run, TestDatabase.newDatabase(), TestKafka.bootstrap(), "--db-scheduler.polling-interval=1s");
        String acc = "acc-" + run;
        Clock eventClock = GenericEventMessage.clock;
        try {
            Instant expiresAt;
            try (ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args)) {
                api(app, "billing").post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
                api(app, "billing").post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":100}");
                expiresAt = Instant.now().plus(HOLD_LIFE).truncatedTo(ChronoUnit.MILLIS);
                Response reserved = api(app, "job-service").post("/api/accounts/" + acc + "/holds",
                        "{\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":4},\"expiresAt\":\"" + expiresAt + "\"}");
                assertThat(reserved.status()).as(reserved.body().toString()).isEqualTo(200);
                assertThat(Instant.parse(reserved.body().path("expiresAt").asText())).isEqualTo(expiresAt);
                assertThat(reserved.body().path("balance").path("total").asLong()).isEqualTo(80);
                assertThat(reserved.body().path("balance").path("held").path("total").asLong()).isEqualTo(20);
                assertThat(deadlines(app.getBean(JdbcClient.class))).as("the hold's deadline, in the database").isEqualTo(1);
            }

            try (ConfigurableApplicationContext app = SpringApplication.run(BillingApplication.class, args)) {
                JdbcClient jdbc = app.getBean(JdbcClient.class);
                assertThat(Instant.now()).as("the service is back before the hold expires, so its deadline fires on time, "
                        + "not as a catch-up at startup").isBefore(expiresAt);
                while (Instant.now().isBefore(expiresAt.minusMillis(200))) {
                    assertThat(expiries(jdbc, acc)).as("nothing expires before expiresAt").isZero();
                    Thread.sleep(200);
                }
                await().atMost(Duration.between(Instant.now(), expiresAt.plus(ON_TIME))).pollInterval(Duration.ofMillis(100))
                        .until(() -> expiries(jdbc, acc) == 1);

                String recorded = jdbc.sql("""
                                select time_stamp from domain_event_entry
                                where aggregate_identifier = :id and payload_type like '%HoldExpired'""")
                        .param("id", acc).query(String.class).single();
                assertThat(Instant.parse(recorded)).as("recorded not before expiresAt, and within a few seconds of it")
                        .isAfterOrEqualTo(expiresAt).isBefore(expiresAt.plus(ON_TIME));
                JsonNode expired = JSON.readTree(jdbc.sql("""
                                select convert_from(payload, 'UTF8') from domain_event_entry
                                where aggregate_identifier = :id and payload_type like '%HoldExpired'""")
                        .param("id", acc).query(String.class).single());
                assertThat(expired.path("jobId").asText()).isEqualTo("job-1");
                assertThat(Instant.parse(expired.path("expiresAt").asText())).isEqualTo(expiresAt);
                assertThat(expired.path("toTopUp").asLong()).isEqualTo(20);
                // db-scheduler removes the task once the handler's transaction has committed: a moment after the event shows
                await().atMost(ON_TIME).untilAsserted(() -> assertThat(deadlines(jdbc)).as("the deadline is done").isZero());

                // opening the account again changes nothing and shows its balance: the credits are back
                Response balance = api(app, "billing").post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
                assertThat(balance.body().path("duplicate").asBoolean()).isTrue();
                assertThat(balance.body().path("balance").path("total").asLong()).isEqualTo(100);
                assertThat(balance.body().path("balance").path("held").path("total").asLong()).isZero();

                Response late = api(app, "job-service").post("/api/accounts/" + acc + "/holds/job-1/capture", null);
                assertThat(late.status()).isEqualTo(409);
                assertThat(late.reason()).isEqualTo("HOLD_EXPIRED");
            }
        } finally {
            GenericEventMessage.clock = eventClock;
        }
    }

    private static long expiries(JdbcClient jdbc, String accountId) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = :id and payload_type like '%HoldExpired'")
                .param("id", accountId).query(Long.class).single();
    }

    private static long deadlines(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from scheduled_tasks where task_name = 'AxonDeadline'").query(Long.class).single();
    }

    private static Api api(ConfigurableApplicationContext app, String user) {
        return new Api(((WebServerApplicationContext) app).getWebServer().getPort(), user, "x");
    }
}
