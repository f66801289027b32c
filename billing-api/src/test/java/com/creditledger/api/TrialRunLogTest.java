package com.creditledger.api;

import com.creditledger.api.support.FreePorts;
import com.creditledger.api.support.ServiceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trial run's log, as the person who typed {@code java -jar} reads it (ECS JSON, the default):
 * the start ends with one line saying it is ready and where, Kafka's internals say nothing below
 * WARN, and a stop (SIGTERM, as Ctrl+C sends) logs no error.
 */
class TrialRunLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_start_ends_with_where_it_is_ready_and_a_stop_logs_no_error(@TempDir Path data) throws Exception {
        int http = FreePorts.next();
        int kafka = FreePorts.next();
        int database = FreePorts.next();
        ServiceProcess service = ServiceProcess.start(BillingApplication.class, "--server.port=" + http, "--billing.db.url=",
                "--billing.db.embedded.data-directory=" + data, "--billing.db.embedded.port=" + database,
                "--billing.kafka.bootstrap=", "--billing.kafka.embedded-port=" + kafka);
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> lines(service).stream().anyMatch(l -> message(l).startsWith("Credit Ledger ready")));
            List<JsonNode> start = lines(service);
            assertThat(message(start.get(start.size() - 1))).as("the last line of the start")
                    .matches("Credit Ledger ready in \\d+\\.\\d s: http://localhost:" + http + " · Kafka localhost:" + kafka
                            + " \\(in-process\\) · PostgreSQL embedded at " + Pattern.quote(data.toString())
                            + " \\(port " + database + "\\)");
            assertThat(start).as("Kafka's broker and clients below WARN")
                    .noneMatch(l -> level(l).equals("INFO") && (logger(l).startsWith("kafka") || logger(l).startsWith("org.apache.kafka")));
            service.stop();
            assertThat(service.exitValue()).as("exit status after SIGTERM").isIn(0, 143);
            assertThat(lines(service)).as("no ERROR in the whole log").noneMatch(l -> level(l).equals("ERROR"));
        } finally {
            service.close();
        }
    }

    private static List<JsonNode> lines(ServiceProcess service) {
        try {
            return Files.readAllLines(service.log()).stream().filter(l -> l.startsWith("{")).map(TrialRunLogTest::json).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String message(JsonNode line) {
        return line.path("message").asText();
    }

    private static String level(JsonNode line) {
        return line.at("/log/level").asText();
    }

    private static String logger(JsonNode line) {
        return line.at("/log/logger").asText();
    }
}
