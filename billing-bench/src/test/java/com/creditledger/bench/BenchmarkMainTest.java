package com.creditledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every scenario at a tiny scale, so the harness cannot rot; the mixed month must verify itself,
 * and every scenario must come with its cost (CPU per part, database work) in plausible shape.
 * The instances scenario, which runs only when asked for, has a test of its own.
 */
class BenchmarkMainTest {

    @Test
    void every_scenario_runs_and_the_mixed_month_verifies(@TempDir Path dir) throws Exception {
        JsonNode report = run(dir, "--accounts", "20", "--charges", "300", "--hot-charges", "100", "--mixed-accounts", "10",
                "--load-events", "2000", "--rerating-charges", "3000", "--hold-jobs", "200", "--threads", "4",
                "--warm-up-charges", "100", "--warm-up-rounds", "2");
        assertThat(report.path("measurements")).hasSize(12);
        for (JsonNode measurement : report.path("measurements")) {
            assertThat(measurement.path("operations").asLong()).as(measurement.toString()).isPositive();
            assertThat(measurement.path("perSecond").asDouble()).as(measurement.toString()).isPositive();
            assertCostIsSane(measurement);
        }
        for (JsonNode baseline : measurementsNamed(report, "baseline")) {
            JsonNode database = baseline.path("cost").path("databasePerOperation");
            // One transaction per charge, debiting a row and appending one; the idle service's own commits come on top.
            assertThat(database.path("commits").asDouble()).as(baseline.toString()).isBetween(1.0, 2.0);
            assertThat(database.path("rowsWritten").asDouble()).as(baseline.toString()).isGreaterThanOrEqualTo(2.0);
            assertThat(baseline.path("cost").path("cpuMicrosPerOperation").path("postgres").asDouble()).as(baseline.toString()).isPositive();
        }
        for (JsonNode kafka : measurementsNamed(report, "kafka")) {
            assertThat(kafka.path("cost").path("cpuMicrosPerOperation").path("broker").isNumber()).as(kafka.toString()).isTrue();
            // Where the service's CPU went, by kind of thread: the command consumers at least, and the JIT's part of it.
            assertThat(kafka.path("cost").path("jvmCpuMicrosPerOperationByThread").path("commandListener").asDouble())
                    .as(kafka.toString()).isPositive();
            assertThat(kafka.path("cost").path("cpuMicrosPerOperation").path("ofServiceJit").isNumber()).as(kafka.toString()).isTrue();
        }
        JsonNode extras = report.path("extras");
        assertThat(extras.path("warmUp.rounds").asInt()).isBetween(1, 2);
        assertThat(extras.path("mixed.verified").asBoolean()).isTrue();
        assertThat(extras.path("mixed.balanceMismatches").asLong()).isZero();
        assertThat(extras.path("replay.eventsPerSecondPerProjection").asDouble()).isPositive();
        assertThat(extras.path("replayByProcessors.eventsPerSecondPerProjection").asDouble()).isPositive();
        for (String projection : new String[]{"balances", "usage", "finance"}) {
            assertThat(extras.path("replay." + projection + "Alone.eventsPerSecond").asDouble()).as(projection).isPositive();
        }
        assertThat(extras.path("load.msWithSnapshot").asDouble()).isPositive();
        assertThat(extras.path("rerating.chargesPerSecond").asDouble()).isPositive();
        assertThat(extras.path("holds.refused").asLong()).isZero();
        assertThat(extras.path("holds.stillHeld").asLong()).isZero();
        assertThat(extras.path("ratio.throughput").asDouble()).isPositive();
        assertThat(extras.path("ratio.cpuPerCharge").asDouble()).isPositive();
        assertThat(extras.path("ratio.hotCpuPerCharge").asDouble()).isPositive();
        assertThat(extras.path("measured.broker").asText()).isEqualTo("own process");
        assertThat(report.path("machine").path("cores").asInt()).isPositive();
    }

    @Test
    void the_instances_scenario_answers_every_charge_on_one_then_two_instances_and_stops_the_second(@TempDir Path dir) throws Exception {
        JsonNode report = run(dir, "--scenarios", "instances", "--instances", "1,2", "--accounts", "20", "--charges", "300");
        assertThat(report.path("measurements")).extracting(m -> m.path("scenario").asText())
                .containsExactly("kafka charges, 20 accounts, 1 instance", "kafka charges, 20 accounts, 2 instances");
        for (JsonNode measurement : report.path("measurements")) {
            assertThat(measurement.path("operations").asLong()).as(measurement.toString()).isEqualTo(300);
            assertThat(measurement.path("perSecond").asDouble()).as(measurement.toString()).isPositive();
            assertCostIsSane(measurement);
            assertThat(measurement.path("cost").path("cpuMicrosPerOperation").path("broker").isNumber()).as(measurement.toString()).isTrue();
        }
        JsonNode extras = report.path("extras");
        assertThat(extras.path("instances.1.accepted").asLong()).isEqualTo(300);
        assertThat(extras.path("instances.2.accepted").asLong()).isEqualTo(300);
        assertThat(extras.path("instances.1.throughputVsOne").asDouble()).isEqualTo(1.0);
        assertThat(extras.path("instances.2.throughputVsOne").asDouble()).isPositive();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)).as("the instances and the broker are stopped").isEmpty();
    }

    /** Runs the harness on the test database (or an embedded one) and reads the JSON it wrote. */
    private static JsonNode run(Path dir, String... args) throws Exception {
        Path out = dir.resolve("bench.json");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", System.getenv().getOrDefault("BILLING_TEST_DB_URL", ""), "--out", out.toString()));
        Clock eventClock = GenericEventMessage.clock;
        try {
            BenchmarkMain.run(BenchmarkOptions.parse(all.toArray(String[]::new)));
        } finally {
            GenericEventMessage.clock = eventClock;
        }
        return new ObjectMapper().readTree(out.toFile());
    }

    /** Every scenario measured its cost: the service's CPU shows, no part is negative, the total adds up, rows were written. */
    private static void assertCostIsSane(JsonNode measurement) {
        JsonNode cpu = measurement.path("cost").path("cpuMicrosPerOperation");
        double parts = 0;
        for (String part : new String[]{"service", "harness", "broker", "postgres"}) {
            assertThat(cpu.path(part).isNull() || cpu.path(part).asDouble() >= 0).as(part + " in " + measurement).isTrue();
            parts += cpu.path(part).asDouble();
        }
        assertThat(cpu.path("service").asDouble()).as(measurement.toString()).isPositive();
        assertThat(cpu.path("total").asDouble()).as(measurement.toString()).isCloseTo(parts, within(1e-6));
        JsonNode database = measurement.path("cost").path("databasePerOperation");
        assertThat(database.path("commits").asDouble()).as(measurement.toString()).isPositive();
        assertThat(database.path("rowsWritten").asDouble()).as(measurement.toString()).isPositive();
        assertThat(database.path("walBytes").asDouble()).as(measurement.toString()).isPositive();
        assertThat(database.path("statements").isNull() || database.path("statements").asDouble() > 0).as(measurement.toString()).isTrue();
    }

    private static List<JsonNode> measurementsNamed(JsonNode report, String prefix) {
        List<JsonNode> named = new ArrayList<>();
        report.path("measurements").forEach(m -> {
            if (m.path("scenario").asText().startsWith(prefix)) {
                named.add(m);
            }
        });
        assertThat(named).as(prefix).isNotEmpty();
        return named;
    }
}
