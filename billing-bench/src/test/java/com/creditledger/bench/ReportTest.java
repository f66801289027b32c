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

    private Report sample() {
        return new Report(List.of("--threads", "8"))
                .machine(Map.of("cores", 2))
                .add(new Measurement("sql/uniform", 20_000, 10.0, new LatencyStats(20_000, 3.5, 7.25, 12.0, 40.0, 4.0)))
                .put("replay.eventsPerSecond", 12345.678)
                .put("load.ms", 42L);
    }

    @Test
    void tablePrintsOneAlignedRowPerMeasurementAndTheExtras() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sample().printTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();

        assertThat(lines.get(0)).startsWith("scenario").contains("per second").endsWith("max ms");
        assertThat(lines.get(2)).startsWith("sql/uniform").contains("20,000").contains("2,000.0").endsWith("40.00");
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
        assertThat(json.get("extras").get("load.ms").asLong()).isEqualTo(42);
    }
}
