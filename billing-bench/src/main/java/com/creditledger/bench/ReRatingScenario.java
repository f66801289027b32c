package com.creditledger.bench;

import com.creditledger.pricing.PriceCatalog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.StringJoiner;

/**
 * The re-rating preview over HTTP, on {@code --rerating-charges} charges of half as many
 * accounts written straight into the usage projection (commands would take hours), in a period
 * of their own. The candidate prices motion-edit at 7 instead of 5 and drops image-to-3d-mesh,
 * so the summary is checked against figures computed here.
 */
final class ReRatingScenario {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FROM = "2090-01-01T00:00:00Z";
    private static final String TO = "2090-02-01T00:00:00Z";

    private ReRatingScenario() {
    }

    static void run(ConfigurableApplicationContext service, JdbcClient jdbc, int charges, Report report) throws Exception {
        int accounts = Math.max(1, charges / 2);
        System.err.printf("rerating: writing %d charges of %d accounts%n", charges, accounts);
        long insertStart = System.nanoTime();
        insert(jdbc, charges, accounts);
        report.put("rerating.insertSeconds", (System.nanoTime() - insertStart) / 1e9);

        String port = service.getEnvironment().getProperty("local.server.port");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/finance/re-rating?from=" + FROM + "&to=" + TO))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("finance:bench".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(candidate()))
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        long accountLines = 0;
        JsonNode last = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                last = JSON.readTree(line);
                String type = last.path("type").asText();
                if (type.equals("account")) {
                    accountLines++;
                } else if (type.equals("progress")) {
                    System.err.printf("  rerating: %s%n", line);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        check(response.statusCode(), last, charges, accounts, accountLines);
        report.put("rerating.charges", charges);
        report.put("rerating.accounts", accounts);
        report.put("rerating.seconds", seconds);
        report.put("rerating.chargesPerSecond", charges / seconds);
    }

    private static void insert(JdbcClient jdbc, int charges, int accounts) {
        PriceCatalog catalog = PriceCatalog.standard();
        StringJoiner tools = new StringJoiner(",", "array[", "]");
        StringJoiner toolkits = new StringJoiner(",", "array[", "]");
        StringJoiner params = new StringJoiner(",", "array[", "]::jsonb[]");
        StringJoiner credits = new StringJoiner(",", "array[", "]");
        for (String[] tool : BenchmarkMain.TOOLS) {
            tools.add("'" + tool[0] + "'");
            toolkits.add("'" + catalog.quote(tool[0], Scenarios.params(tool[1])).toolkit().id() + "'");
            params.add("'" + tool[1] + "'");
            credits.add(tool[2]);
        }
        int kinds = BenchmarkMain.TOOLS.length;
        jdbc.sql("""
                insert into usage_entry (account_id, job_id, kind, tool, toolkit, params, catalog_version, credits,
                                         from_subscription, from_top_up, occurred_at, global_index)
                select 'rr-' || (n %% :accounts), 'rr-job-' || n, 'CHARGE', (%s)[1 + n %% %d], (%s)[1 + n %% %d],
                       (%s)[1 + n %% %d], '2026-11-01', (%s)[1 + n %% %d], 0, 0,
                       timestamptz '%s' + n * interval '1 second', 0
                from generate_series(1, :charges) as n""".formatted(tools, kinds, toolkits, kinds, params, kinds, credits, kinds, FROM))
                .param("accounts", accounts).param("charges", charges)
                .update();
        jdbc.sql("analyze usage_entry").update();
    }

    private static String candidate() throws IOException {
        try (InputStream in = PriceCatalog.class.getResourceAsStream("/pricing/catalog.json")) {
            ObjectNode catalog = (ObjectNode) JSON.readTree(in);
            catalog.put("version", "bench-candidate");
            for (Iterator<JsonNode> tools = ((ArrayNode) catalog.path("tools")).elements(); tools.hasNext(); ) {
                ObjectNode tool = (ObjectNode) tools.next();
                if (tool.path("id").asText().equals("image-to-3d-mesh")) {
                    tools.remove();
                } else if (tool.path("id").asText().equals("motion-edit")) {
                    ((ObjectNode) tool.path("price")).put("credits", 7);
                }
            }
            return JSON.writeValueAsString(catalog);
        }
    }

    /** The preview must agree with the charges written: motion-edit 2 more each, every mesh charge unpriced. */
    private static void check(int status, JsonNode summary, int charges, int accounts, long accountLines) {
        long motionEdits = 0;
        long meshes = 0;
        for (int n = 1; n <= charges; n++) {
            String tool = BenchmarkMain.TOOLS[n % BenchmarkMain.TOOLS.length][0];
            motionEdits += tool.equals("motion-edit") ? 1 : 0;
            meshes += tool.equals("image-to-3d-mesh") ? 1 : 0;
        }
        if (status != 200 || summary == null || !summary.path("type").asText().equals("summary")
                || summary.path("charges").asLong() != charges || accountLines != accounts
                || summary.path("unpriced").asLong() != meshes
                || summary.path("difference").asLong() != 2 * motionEdits - 25 * meshes) {
            throw new IllegalStateException("re-rating preview: HTTP " + status + ", " + accountLines + " account lines of "
                    + accounts + ", last line " + summary);
        }
    }
}
