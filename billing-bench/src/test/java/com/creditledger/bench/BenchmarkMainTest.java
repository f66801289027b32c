package com.creditledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** Every scenario at a tiny scale, so the harness cannot rot; the mixed month must verify itself. */
class BenchmarkMainTest {

    @Test
    void every_scenario_runs_and_the_mixed_month_verifies(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        String dbUrl = System.getenv().getOrDefault("BILLING_TEST_DB_URL", "");
        Clock eventClock = GenericEventMessage.clock;
        try {
            BenchmarkMain.run(BenchmarkOptions.parse(new String[]{"--accounts", "20", "--charges", "300", "--hot-charges", "100",
                    "--mixed-accounts", "10", "--load-events", "2000", "--rerating-charges", "3000", "--hold-jobs", "200", "--threads", "4", "--db-url", dbUrl, "--out", out.toString()}));
        } finally {
            GenericEventMessage.clock = eventClock;
        }
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertThat(report.path("measurements")).hasSize(7);
        for (JsonNode measurement : report.path("measurements")) {
            assertThat(measurement.path("operations").asLong()).as(measurement.toString()).isPositive();
            assertThat(measurement.path("perSecond").asDouble()).as(measurement.toString()).isPositive();
        }
        JsonNode extras = report.path("extras");
        assertThat(extras.path("mixed.verified").asBoolean()).isTrue();
        assertThat(extras.path("mixed.balanceMismatches").asLong()).isZero();
        assertThat(extras.path("replay.eventsPerSecondPerProjection").asDouble()).isPositive();
        assertThat(extras.path("load.msWithSnapshot").asDouble()).isPositive();
        assertThat(extras.path("rerating.chargesPerSecond").asDouble()).isPositive();
        assertThat(extras.path("holds.refused").asLong()).isZero();
        assertThat(extras.path("holds.stillHeld").asLong()).isZero();
        assertThat(extras.path("ratio.throughput").asDouble()).isPositive();
        assertThat(report.path("machine").path("cores").asInt()).isPositive();
    }
}
