package com.creditledger.api.rerating;

import com.creditledger.api.operations.ProjectionRebuilds;
import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Re-rating a scripted March 2033 (a period no other test touches) through a candidate catalog,
 * against figures worked out by hand, over real HTTP on a real PostgreSQL.
 */
class ReRatingPreviewTest extends ServiceTest {

    static final String PERIOD = "from=2033-03-01T00:00:00Z&to=2033-04-01T00:00:00Z";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    // The live catalog, except: motion-edit 5 -> 7 (fixed); text-to-motion 5 -> 4 per action, at most 6
    // actions; text-to-material perMegapixel 10 -> 12 (resolution); image-to-3d-mesh dropped.
    static final String CANDIDATE = """
            {"version": "2033-candidate", "tools": [
              {"id": "text-to-motion", "name": "Text to Motion", "toolkit": "motion", "price": {"type": "per-action", "credits": 4, "maxActions": 6}},
              {"id": "motion-edit", "name": "Motion Edit", "toolkit": "motion", "price": {"type": "fixed", "credits": 7}},
              {"id": "motion-stitch", "name": "Motion Stitch", "toolkit": "motion", "price": {"type": "fixed", "credits": 5}},
              {"id": "trajectory-control", "name": "Trajectory Control", "toolkit": "motion", "price": {"type": "fixed", "credits": 5}},
              {"id": "text-to-environment-map", "name": "Text to Environment Map", "toolkit": "environment", "price": {"type": "fixed", "credits": 20}},
              {"id": "image-to-environment-map", "name": "Image to Environment Map", "toolkit": "environment", "price": {"type": "fixed", "credits": 25}},
              {"id": "environment-map-to-world", "name": "Environment Map to World", "toolkit": "environment", "price": {"type": "fixed", "credits": 80}},
              {"id": "text-to-material", "name": "Text to Material", "toolkit": "material", "price": {"type": "resolution", "base": 2, "perMegapixel": 12, "perUpscaledMegapixel": 3, "maxSide": 8192}},
              {"id": "texture-to-material", "name": "Texture to Material", "toolkit": "material", "price": {"type": "fixed", "credits": 20}},
              {"id": "image-to-material", "name": "Image to Material", "toolkit": "material", "price": {"type": "resolution", "base": 13, "perMegapixel": 10, "perUpscaledMegapixel": 3, "maxSide": 8192}}
            ]}""";

    @Autowired
    ProjectionRebuilds rebuilds;

    @Autowired
    PreviewPermits permits;

    @Test
    void a_candidate_catalog_reprices_the_period_exactly_as_worked_out_by_hand_and_changes_nothing() {
        String prefix = newAccountId();
        String a = prefix + "-a";
        String b = prefix + "-b";
        String c = prefix + "-c";
        at("2033-02-20T10:00:00Z");
        for (String account : List.of(a, b, c)) {
            assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + account + "\"}").status()).isEqualTo(201);
            ok(billing().post("/api/accounts/" + account + "/top-ups", "{\"paymentId\":\"pay-" + account + "\",\"credits\":300}"));
        }
        at("2033-02-28T12:00:00Z");
        charge(a, "a-before", "motion-edit", null);                                            // before the period
        at("2033-03-01T00:00:00Z");
        charge(a, "a-edit-1", "motion-edit", null);                                            // 5 -> 7
        at("2033-03-05T10:00:00Z");
        charge(a, "a-edit-2", "motion-edit", null);                                            // 5 -> 7
        charge(a, "a-motion", "text-to-motion", "{\"actions\":4}");                             // 20 -> 16
        charge(a, "a-material", "text-to-material", "{\"width\":1024,\"height\":1024,\"upscale\":2}"); // 18 -> 20
        charge(a, "a-mesh", "image-to-3d-mesh", null);                                         // 25 -> unknown tool
        at("2033-03-10T10:00:00Z");
        charge(b, "b-motion", "text-to-motion", "{\"actions\":8}");                             // 40 -> more than 6 actions
        charge(b, "b-small", "text-to-material", "{\"width\":1000,\"height\":1000,\"upscale\":1}"); // 11.54 -> 12; 13.44 -> 13
        charge(b, "b-world", "environment-map-to-world", null);                                // 80 -> 80
        charge(b, "b-large", "text-to-material", "{\"width\":2048,\"height\":2048,\"upscale\":4}"); // 90 -> 98
        at("2033-03-12T10:00:00Z");
        ok(billing().post("/api/accounts/" + b + "/refunds", "{\"jobId\":\"b-world\",\"reason\":\"failed\"}")); // a refund is no charge
        at("2033-03-20T10:00:00Z");
        charge(c, "c-mesh", "image-to-3d-mesh", null);                                         // 25 -> unknown tool
        at("2033-03-31T23:59:58Z");
        charge(c, "c-edit", "motion-edit", null);                                              // 5 -> 7
        at("2033-04-01T00:00:00Z");
        charge(c, "c-after", "motion-edit", null);                                             // at the end of the period: outside
        eventually(() -> assertThat(jdbc.sql("select count(*) from usage_entry where account_id like :p")
                .param("p", prefix + "-%").query(Long.class).single()).isEqualTo(14));
        eventually(() -> assertThat(caughtUp()).isTrue());
        Map<String, Long> before = tableCounts();

        Streamed preview = reRate("finance", PERIOD, CANDIDATE);

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.contentType()).startsWith("application/x-ndjson");
        assertThat(byKey(preview.lines("account"), "accountId")).containsOnlyKeys(a, b, c);
        assertThat(totals(byKey(preview.lines("account"), "accountId").get(a))).containsExactly(5L, 73L, 50L, -23L, 1L, 25L);
        assertThat(totals(byKey(preview.lines("account"), "accountId").get(b))).containsExactly(4L, 222L, 191L, -31L, 1L, 40L);
        assertThat(totals(byKey(preview.lines("account"), "accountId").get(c))).containsExactly(2L, 30L, 7L, -23L, 1L, 25L);

        Map<String, JsonNode> tools = byKey(preview.lines("tool"), "tool");
        assertThat(tools).containsOnlyKeys("motion-edit", "text-to-motion", "text-to-material", "image-to-3d-mesh",
                "environment-map-to-world");
        assertThat(totals(tools.get("motion-edit"))).containsExactly(3L, 15L, 21L, 6L, 0L, 0L);
        assertThat(totals(tools.get("text-to-motion"))).containsExactly(2L, 60L, 16L, -44L, 1L, 40L);
        assertThat(tools.get("text-to-motion").path("unpricedReasons").path("INVALID_PARAMS").asLong()).isEqualTo(1);
        assertThat(totals(tools.get("text-to-material"))).containsExactly(3L, 120L, 131L, 11L, 0L, 0L);
        assertThat(totals(tools.get("image-to-3d-mesh"))).containsExactly(2L, 50L, 0L, -50L, 2L, 50L);
        assertThat(tools.get("image-to-3d-mesh").path("unpricedReasons").path("UNKNOWN_TOOL").asLong()).isEqualTo(2);
        assertThat(totals(tools.get("environment-map-to-world"))).containsExactly(1L, 80L, 80L, 0L, 0L, 0L);
        assertThat(tools.get("text-to-material").path("toolkit").asText()).isEqualTo("material");

        Map<String, JsonNode> toolkits = byKey(preview.lines("toolkit"), "toolkit");
        assertThat(toolkits).containsOnlyKeys("motion", "material", "mesh", "environment");
        assertThat(totals(toolkits.get("motion"))).containsExactly(5L, 75L, 37L, -38L, 1L, 40L);
        assertThat(totals(toolkits.get("material"))).containsExactly(3L, 120L, 131L, 11L, 0L, 0L);
        assertThat(totals(toolkits.get("mesh"))).containsExactly(2L, 50L, 0L, -50L, 2L, 50L);
        assertThat(totals(toolkits.get("environment"))).containsExactly(1L, 80L, 80L, 0L, 0L, 0L);

        JsonNode summary = preview.last();
        assertThat(summary.path("type").asText()).isEqualTo("summary");
        assertThat(summary.path("liveCatalogVersions")).containsExactly(JSON.valueToTree("2026-11-01"));
        assertThat(summary.path("candidateVersion").asText()).isEqualTo("2033-candidate");
        assertThat(summary.path("from").asText()).isEqualTo("2033-03-01T00:00:00Z");
        assertThat(summary.path("to").asText()).isEqualTo("2033-04-01T00:00:00Z");
        assertThat(summary.path("accounts").asLong()).isEqualTo(3);
        assertThat(totals(summary)).containsExactly(11L, 325L, 248L, -77L, 3L, 90L);
        JsonNode reasons = summary.path("unpricedReasons");
        assertThat(reasons).hasSize(2);
        assertThat(reasons.get(0).path("reason").asText()).isEqualTo("INVALID_PARAMS");
        assertThat(reasons.get(0).path("charges").asLong()).isEqualTo(1);
        assertThat(reasons.get(0).path("recordedCredits").asLong()).isEqualTo(40);
        assertThat(reasons.get(0).path("example").path("jobId").asText()).isEqualTo("b-motion");
        assertThat(reasons.get(0).path("example").path("message").asText()).isEqualTo("'actions' must be between 1 and 6, was 8");
        assertThat(reasons.get(1).path("reason").asText()).isEqualTo("UNKNOWN_TOOL");
        assertThat(reasons.get(1).path("charges").asLong()).isEqualTo(2);
        assertThat(reasons.get(1).path("example").path("jobId").asText()).isEqualTo("a-mesh");
        assertThat(preview.types()).as("accounts as they complete, then tools, toolkits and the summary")
                .containsExactly("account", "account", "account", "tool", "tool", "tool", "tool", "tool",
                        "toolkit", "toolkit", "toolkit", "toolkit", "summary");

        assertThat(reRate("auditor", PERIOD, CANDIDATE).last()).isEqualTo(summary);
        assertThat(tableCounts()).as("a preview changes nothing").isEqualTo(before);
    }

    @Test
    void the_live_catalog_reprices_every_charge_at_what_it_cost() {
        String account = newAccountId();
        at("2033-05-02T10:00:00Z");
        assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + account + "\"}").status()).isEqualTo(201);
        ok(billing().post("/api/accounts/" + account + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":1000}"));
        charge(account, "j1", "image-to-material", "{\"width\":2048,\"height\":2048,\"upscale\":4}");
        charge(account, "j2", "text-to-motion", "{\"actions\":7}");
        charge(account, "j3", "image-to-3d-mesh", null);
        charge(account, "j4", "text-to-material", "{\"width\":333,\"height\":777,\"upscale\":2}");
        eventually(() -> assertThat(jdbc.sql("select count(*) from usage_entry where account_id = :a")
                .param("a", account).query(Long.class).single()).isEqualTo(4));

        Streamed preview = reRate("finance", "from=2033-05-01T00:00:00Z&to=2033-06-01T00:00:00Z", liveCatalog());

        JsonNode summary = preview.last();
        assertThat(summary.path("type").asText()).isEqualTo("summary");
        assertThat(summary.path("candidateVersion").asText()).isEqualTo("2026-11-01");
        assertThat(summary.path("charges").asLong()).isEqualTo(4);
        assertThat(summary.path("recordedCredits").asLong()).isEqualTo(101 + 35 + 25 + 6);
        assertThat(summary.path("difference").asLong()).isZero();
        assertThat(summary.path("unpriced").asLong()).isZero();
        assertThat(preview.lines("tool")).hasSize(4).allSatisfy(tool -> assertThat(tool.path("difference").asLong()).isZero());
    }

    @Test
    void progress_is_streamed_while_reading_a_large_period() {
        // 250,000 charges of 1,000 accounts written straight into the projection: commands would take minutes.
        jdbc.sql("""
                insert into usage_entry (account_id, job_id, kind, tool, toolkit, params, catalog_version, credits,
                                         from_subscription, from_top_up, occurred_at, global_index)
                select 'rr-bulk-' || lpad((n % 1000)::text, 4, '0'), 'job-' || n, 'CHARGE', 'motion-edit', 'motion', '{}',
                       '2026-11-01', 5, 0, 5, timestamptz '2034-06-01' + n * interval '1 second', 0
                from generate_series(1, 250000) as n""").update();
        try {
            Streamed preview = reRate("finance", "from=2034-06-01T00:00:00Z&to=2034-07-01T00:00:00Z", CANDIDATE);

            List<JsonNode> progress = preview.lines("progress");
            assertThat(progress).extracting(line -> line.path("charges").asLong()).containsExactly(100_000L, 200_000L);
            assertThat(preview.types().indexOf("progress")).isLessThan(preview.types().indexOf("tool"));
            assertThat(preview.lines("account")).hasSize(1000)
                    .allSatisfy(account -> assertThat(totals(account)).containsExactly(250L, 1250L, 1750L, 500L, 0L, 0L));
            assertThat(totals(preview.last())).containsExactly(250_000L, 1_250_000L, 1_750_000L, 500_000L, 0L, 0L);
        } finally {
            jdbc.sql("delete from usage_entry where account_id like 'rr-bulk-%'").update();
        }
    }

    @Test
    void a_preview_that_cannot_finish_ends_with_an_error_line_instead_of_a_summary() {
        String account = newAccountId();
        at("2033-07-02T10:00:00Z");
        assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + account + "\"}").status()).isEqualTo(201);
        ok(billing().post("/api/accounts/" + account + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":100}"));
        charge(account, "j1", "motion-edit", null);
        charge(account, "j2", "motion-edit", null);
        eventually(() -> assertThat(jdbc.sql("select count(*) from usage_entry where account_id = :a")
                .param("a", account).query(Long.class).single()).isEqualTo(2));
        // 2^62 credits a job: two of them no longer fit in a long.
        String absurd = CANDIDATE.replace("\"credits\": 7", "\"credits\": 4611686018427387904");

        Streamed preview = reRate("finance", "from=2033-07-01T00:00:00Z&to=2033-08-01T00:00:00Z", absurd);

        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.types()).containsExactly("error");
        assertThat(preview.last().path("charges").asLong()).isEqualTo(1);
        assertThat(preview.last().path("message").asText()).contains("overflow");
    }

    @Test
    void a_document_that_is_not_a_catalog_is_refused_with_what_is_wrong() {
        Streamed notJson = reRate("finance", PERIOD, "{\"version\": \"x\", \"tools\": [");
        assertThat(notJson.status()).isEqualTo(422);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
        assertThat(notJson.last().path("reason").asText()).isEqualTo("INVALID_CATALOG");

        Streamed negative = reRate("finance", PERIOD, CANDIDATE.replace("\"credits\": 7", "\"credits\": -7"));
        assertThat(negative.status()).isEqualTo(422);
        assertThat(negative.last().path("reason").asText()).isEqualTo("INVALID_CATALOG");
        assertThat(negative.last().path("field").asText()).isEqualTo("tools.1.price");
        assertThat(negative.last().path("detail").asText()).contains("'credits' must be at least 0, was -7");

        Streamed unknownField = reRate("finance", PERIOD, CANDIDATE.replace("\"maxActions\": 6", "\"maxActions\": 6, \"discount\": 1"));
        assertThat(unknownField.status()).isEqualTo(422);
        assertThat(unknownField.last().path("field").asText()).isEqualTo("tools.0.price.discount");

        Streamed missing = reRate("finance", PERIOD, CANDIDATE.replace("\"name\": \"Text to Motion\", ", ""));
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.last().path("field").asText()).isEqualTo("tools.0.name");
        assertThat(missing.last().path("detail").asText()).isEqualTo("not a price catalog: 'tools.0.name' is required");

        Streamed tooLarge = reRate("finance", PERIOD, CANDIDATE.replace("\"credits\": 7", "\"credits\": 99999999999999999999"));
        assertThat(tooLarge.last().path("field").asText()).isEqualTo("tools.1.price.credits");
        assertThat(tooLarge.last().path("detail").asText())
                .isEqualTo("not a price catalog: 'tools.1.price.credits' must be a whole number between 0 and 9223372036854775807");
    }

    @Test
    void a_missing_or_backwards_period_is_refused_as_the_finance_reports_refuse_it() {
        Streamed missing = reRate("finance", "to=2033-04-01T00:00:00Z", CANDIDATE);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.last().path("reason").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(missing.last().path("field").asText()).isEqualTo("from");

        Streamed backwards = reRate("finance", "from=2033-04-01T00:00:00Z&to=2033-03-01T00:00:00Z", CANDIDATE);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.last().path("field").asText()).isEqualTo("to");

        Streamed notAnInstant = reRate("finance", "from=March&to=2033-04-01T00:00:00Z", CANDIDATE);
        assertThat(notAnInstant.status()).isEqualTo(400);
        assertThat(notAnInstant.last().path("field").asText()).isEqualTo("from");
    }

    @Test
    void only_finance_and_auditors_may_preview() {
        for (String user : List.of("job-service", "billing")) {
            Streamed refused = reRate(user, PERIOD, CANDIDATE);
            assertThat(refused.status()).as(user).isEqualTo(403);
            assertThat(refused.last().path("reason").asText()).isEqualTo("FORBIDDEN");
        }
        assertThat(reRate(null, PERIOD, CANDIDATE).status()).isEqualTo(401);
        assertThat(reRate("auditor", PERIOD, CANDIDATE).status()).isEqualTo(200);
    }

    @Test
    void previews_beyond_the_allowed_number_at_once_are_turned_away_until_one_ends() {
        int taken = 0;
        while (permits.tryAcquire()) {
            taken++;
        }
        try {
            assertThat(taken).as("billing.re-rating.max-concurrent").isEqualTo(2);
            Streamed busy = reRate("finance", PERIOD, CANDIDATE);
            assertThat(busy.status()).isEqualTo(503);
            assertThat(busy.last().path("reason").asText()).isEqualTo("RE_RATING_BUSY");
        } finally {
            for (int i = 0; i < taken; i++) {
                permits.release();
            }
        }
        assertThat(reRate("finance", PERIOD, CANDIDATE).status()).isEqualTo(200);
        assertThat(permits.tryAcquire()).as("a finished preview gives its permit back").isTrue();
        permits.release();
    }

    /** A streamed answer, one JSON document a line. */
    record Streamed(int status, String contentType, List<JsonNode> all) {

        List<JsonNode> lines(String type) {
            return all.stream().filter(line -> line.path("type").asText().equals(type)).toList();
        }

        List<String> types() {
            return all.stream().map(line -> line.path("type").asText()).toList();
        }

        JsonNode last() {
            return all.get(all.size() - 1);
        }
    }

    private Streamed reRate(String user, String query, String catalog) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/finance/re-rating?" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(catalog));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            List<JsonNode> lines = new ArrayList<>();
            for (String line : response.body().split("\n")) {
                if (!line.isBlank()) {
                    lines.add(JSON.readTree(line));
                }
            }
            return new Streamed(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** charges, recordedCredits, candidateCredits, difference, unpriced, unpricedRecordedCredits. */
    private static List<Long> totals(JsonNode line) {
        return List.of(line.path("charges").asLong(), line.path("recordedCredits").asLong(), line.path("candidateCredits").asLong(),
                line.path("difference").asLong(), line.path("unpriced").asLong(), line.path("unpricedRecordedCredits").asLong());
    }

    private static Map<String, JsonNode> byKey(List<JsonNode> lines, String key) {
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        lines.forEach(line -> byKey.put(line.path(key).asText(), line));
        return byKey;
    }

    private Map<String, Long> tableCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("domain_event_entry", "usage_entry", "balance_view", "finance_entry")) {
            counts.put(table, jdbc.sql("select count(*) from " + table).query(Long.class).single());
        }
        counts.put("usage credits", jdbc.sql("select coalesce(sum(credits), 0) from usage_entry").query(Long.class).single());
        return counts;
    }

    private boolean caughtUp() {
        long head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
        return ProjectionRebuilds.PROJECTIONS.stream().allMatch(name -> rebuilds.processor(name).processingStatus().values().stream()
                .allMatch(status -> status.getCurrentPosition().orElse(-1) >= head));
    }

    private static String liveCatalog() {
        try (InputStream in = ReRatingPreviewTest.class.getResourceAsStream("/pricing/catalog.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void at(String instant) {
        clock.moveTo(Instant.parse(instant));
    }

    private void charge(String account, String job, String tool, String params) {
        ok(jobService().post("/api/accounts/" + account + "/charges",
                "{\"jobId\":\"" + job + "\",\"tool\":\"" + tool + "\"" + (params == null ? "" : ",\"params\":" + params) + "}"));
    }

    private static void ok(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    }
}
