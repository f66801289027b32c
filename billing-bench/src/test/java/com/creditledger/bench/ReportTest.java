package com.creditledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    /** 20,000 charges that cost 1 s of service CPU, 0.1 s of the harness's, 0.3 s of PostgreSQL's; the broker in process. */
    private static final ScenarioCost COST = new ScenarioCost(11.0, new CpuTimes(1_000_000_000L, 100_000_000L, null, 300_000_000L, Map.of()),
            new DatabaseCounters(20_000, 20_000, 20_000, 0, 6_000_000, null));

    private Report sample() {
        return new Report(List.of("--threads", "8"))
                .machine(Map.of("cores", 2))
                .add(new Measurement("sql/uniform", 20_000, 10.0, new LatencyStats(20_000, 3.5, 7.25, 12.0, 40.0, 4.0), COST))
                .add(new Measurement("replay", 5_000, 2.0, LatencyStats.EMPTY))
                .put("replay.eventsPerSecond", 12345.678)
                .put("load.ms", 42L);
    }

    @Test
    void tablePrintsOneAlignedRowPerMeasurementWithItsCostAndTheExtras() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sample().printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(lines.get(0)).startsWith("scenario").contains("per second", "max ms", "service µs", "of it JIT", "postgres µs", "total µs", "commits")
                .endsWith("statements");
        // 50 µs service (its JIT's part not read), 5 harness, no broker, 15 PostgreSQL: 70 in all; one commit, two rows, 300 WAL bytes a charge.
        assertThat(lines.get(2)).startsWith("sql/uniform").contains("20,000", "2,000.0", "40.00")
                .containsPattern("50\\.0 +n/a +5\\.0 +n/a +15\\.0 +70\\.0 +1\\.000 +2\\.00 +300 +n/a$");
        assertThat(lines.get(3)).startsWith("replay").containsPattern("- +- +- +- +n/a").endsWith("n/a");
        assertThat(lines.get(0).length()).isEqualTo(lines.get(2).length()); // right-aligned columns end together
        assertThat(lines).contains("replay.eventsPerSecond  12,345.678", "load.ms                 42");
    }

    @Test
    void jsonCarriesEverything(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out/report.json");
        sample().writeJson(file);

        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("arguments").get(1).asText()).isEqualTo("8");
        assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
        assertThat(json.get("timestamp").asText()).isNotBlank();
        JsonNode m = json.get("measurements").get(0);
        assertThat(m.get("scenario").asText()).isEqualTo("sql/uniform");
        assertThat(m.get("perSecond").asDouble()).isEqualTo(2000.0);
        assertThat(m.get("latency").get("p95Ms").asDouble()).isEqualTo(7.25);
        JsonNode cpu = m.get("cost").get("cpuMicrosPerOperation");
        assertThat(cpu.get("service").asDouble()).isEqualTo(50.0);
        assertThat(cpu.get("broker").isNull()).isTrue();
        assertThat(cpu.get("total").asDouble()).isEqualTo(70.0);
        assertThat(m.get("cost").get("databasePerOperation").get("commits").asDouble()).isEqualTo(1.0);
        assertThat(m.get("cost").get("databasePerOperation").get("statements").isNull()).isTrue();
        assertThat(m.get("cost").get("totals").get("walBytes").asLong()).isEqualTo(6_000_000);
        assertThat(json.get("measurements").get(1).has("cost")).isFalse();
        assertThat(json.get("extras").get("load.ms").asLong()).isEqualTo(42);
    }
}
