package com.creditledger.api.rerating;

import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The same preview from a command line, against the database alone (September 2033, a period of its own). */
class ReRatingCommandLineTest extends ServiceTest {

    @Test
    void the_command_line_writes_the_same_lines_as_the_api(@TempDir Path dir) throws IOException {
        String account = newAccountId();
        clock.moveTo(Instant.parse("2033-09-02T10:00:00Z"));
        assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + account + "\"}").status()).isEqualTo(201);
        assertThat(billing().post("/api/accounts/" + account + "/top-ups", "{\"paymentId\":\"p\",\"credits\":100}").status()).isEqualTo(200);
        assertThat(jobService().post("/api/accounts/" + account + "/charges", "{\"jobId\":\"j1\",\"tool\":\"motion-edit\"}").status()).isEqualTo(200);
        assertThat(jobService().post("/api/accounts/" + account + "/charges", "{\"jobId\":\"j2\",\"tool\":\"image-to-3d-mesh\"}").status()).isEqualTo(200);
        eventually(() -> assertThat(jdbc.sql("select count(*) from usage_entry where account_id = :a")
                .param("a", account).query(Long.class).single()).isEqualTo(2));
        Path catalog = Files.writeString(dir.resolve("candidate.json"), ReRatingPreviewTest.CANDIDATE);

        Result result = run("--from", "2033-09-01T00:00:00Z", "--to", "2033-10-01T00:00:00Z", "--catalog", catalog.toString(),
                "--db-url", TestDatabase.url());

        assertThat(result.status()).as(result.err()).isZero();
        assertThat(result.lines()).extracting(line -> line.path("type").asText())
                .containsExactly("account", "tool", "tool", "toolkit", "toolkit", "summary");
        JsonNode summary = result.lines().get(5);
        assertThat(summary.path("charges").asLong()).isEqualTo(2);
        assertThat(summary.path("recordedCredits").asLong()).isEqualTo(30);
        assertThat(summary.path("candidateCredits").asLong()).isEqualTo(7);
        assertThat(summary.path("difference").asLong()).isEqualTo(-23);
        assertThat(summary.path("unpriced").asLong()).isEqualTo(1);
        assertThat(summary.path("from").asText()).isEqualTo("2033-09-01T00:00:00Z");
    }

    @Test
    void a_wrong_command_or_catalog_exits_with_2(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"version\": \"x\"}");

        Result invalid = run("--from", "2033-09-01T00:00:00Z", "--to", "2033-10-01T00:00:00Z", "--catalog", broken.toString(),
                "--db-url", TestDatabase.url());
        assertThat(invalid.status()).isEqualTo(2);
        assertThat(invalid.err()).contains("not a price catalog").contains("tools");

        assertThat(run("--from", "2033-09-01T00:00:00Z", "--to", "2033-10-01T00:00:00Z", "--db-url", TestDatabase.url()).status())
                .isEqualTo(2);
        assertThat(run("--from", "2033-10-01T00:00:00Z", "--to", "2033-09-01T00:00:00Z", "--catalog", broken.toString(),
                "--db-url", TestDatabase.url()).status()).isEqualTo(2);
    }

    record Result(int status, List<JsonNode> lines, String err) {
    }

    private static Result run(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReRatingCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return new Result(status, lines, err.toString(StandardCharsets.UTF_8));
    }
}
