package com.creditledger.api.export;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.Script;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The files and series behind the console, over the API: September 2032, a month no other test
 * touches. Each must say what the paged and summed answers say.
 */
class ExportTest extends ServiceTest {

    static final String PERIOD = "from=2032-09-01T00:00:00Z&to=2032-10-01T00:00:00Z";
    static final ObjectMapper JSON = new ObjectMapper();

    private final String account = "exp-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void exports_and_series_answer_what_the_paged_and_summed_endpoints_answer() throws Exception {
        new Script(billing(), jobService(), clock)
                .at("2032-09-03T08:00:00Z").open(account).topUp(account, "p1", 400)
                .at("2032-09-04T08:00:00Z")
                .charge(account, "j1", "text-to-material", "{\"width\":2048,\"height\":2048,\"upscale\":4}")
                .charge(account, "j2", "image-to-3d-mesh", null)
                .at("2032-09-06T08:00:00Z").refund(account, "j2");
        clock.reset();
        eventually(() -> assertThat(finance().get(path("/usage")).body().path("totalItems").asLong()).isEqualTo(3));

        JsonNode usage = finance().get(path("/usage")).body().path("items");
        Response csv = finance().get(path("/usage/export?format=csv"));
        assertThat(csv.contentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"usage-" + account + ".csv\"");
        List<String> lines = csv.text().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("occurredAt,jobId,kind,tool,toolkit,credits,fromSubscription,fromTopUp,catalogVersion,params");
        assertThat(lines.get(3)).as("oldest last; JSON parameters quoted as one cell")
                .isEqualTo(usage.get(2).path("occurredAt").asText() + ",j1,CHARGE,text-to-material,material,90,0,90,"
                        + usage.get(2).path("catalogVersion").asText() + ",\"{\"\"width\"\":2048,\"\"height\"\":2048,\"\"upscale\"\":4}\"");

        Response ndjson = finance().get(path("/usage/export?format=ndjson&toolkit=mesh"));
        assertThat(ndjson.contentType()).isEqualTo("application/x-ndjson;charset=UTF-8");
        List<String> objects = ndjson.text().lines().toList();
        assertThat(objects).hasSize(2);
        for (String line : objects) {
            JsonNode entry = JSON.readTree(line);
            assertThat(entry.path("toolkit").asText()).isEqualTo("mesh");
            assertThat(entry.path("credits").asLong()).isEqualTo(25);
        }

        JsonNode perDay = finance().get("/api/finance/usage?" + PERIOD + "&groupBy=day&by=tool").body();
        List<String> report = finance().get("/api/finance/usage/export?" + PERIOD + "&by=tool").text().lines().toList();
        assertThat(report).hasSize(perDay.size() + 1);
        assertThat(report).contains("2032-09-04T00:00:00Z,image-to-3d-mesh,0,25,25,0,0,0,0,0,0");

        JsonNode month = finance().get("/api/finance/summary?" + PERIOD).body();
        JsonNode whole = finance().get("/api/finance/usage?" + PERIOD + "&groupBy=period&by=toolkit").body();
        long consumed = 0;
        for (JsonNode bucket : whole) {
            assertThat(bucket.path("period").asText()).isEqualTo("2032-09-01T00:00:00Z");
            consumed += bucket.path("totals").path("consumed").asLong();
        }
        assertThat(consumed).isEqualTo(month.path("totals").path("consumed").asLong());

        JsonNode liability = finance().get("/api/finance/liability?" + PERIOD).body();
        assertThat(liability).hasSize(30);
        for (JsonNode day : List.of(liability.get(1), liability.get(2), liability.get(3), liability.get(5), liability.get(29))) {
            long atEnd = finance().get("/api/finance/summary?from=2000-01-01T00:00:00Z&to=" + day.path("at").asText()).body()
                    .path("outstandingTopUp").asLong();
            assertThat(day.path("outstandingTopUp").asLong()).as(day.path("at").asText()).isEqualTo(atEnd);
        }
        assertThat(liability.get(3).path("outstandingTopUp").asLong() - liability.get(1).path("outstandingTopUp").asLong())
                .as("sold 400, then 115 consumed").isEqualTo(400 - 115);

        JsonNode history = finance().get(path("/balance-history")).body();
        assertThat(history.findValuesAsText("event")).containsExactly("AccountOpened", "CreditsToppedUp", "JobCharged",
                "JobCharged", "JobRefunded");
        assertThat(history.get(4).path("total").asLong()).isEqualTo(finance().get(path("/balance")).body().path("total").asLong());
        JsonNode fourth = finance().get(path("/balance-history?from=2032-09-04T00:00:00Z&to=2032-09-05T00:00:00Z")).body();
        assertThat(fourth).hasSize(2);
        assertThat(fourth.get(0).path("total").asLong()).isEqualTo(400 - 90);
        assertThat(fourth.get(1).path("total").asLong()).isEqualTo(400 - 90 - 25);
    }

    @Test
    void an_export_of_no_account_or_in_no_known_format_is_refused() {
        Response unknown = finance().get("/api/accounts/exp-nobody/usage/export");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.reason()).isEqualTo("UNKNOWN_ACCOUNT");
        Response format = finance().get("/api/finance/usage/export?" + PERIOD + "&format=xml");
        assertThat(format.status()).isEqualTo(400);
        assertThat(format.body().path("field").asText()).isEqualTo("format");
        Response backwards = finance().get("/api/finance/liability?from=2032-10-01T00:00:00Z&to=2032-09-01T00:00:00Z");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.body().path("field").asText()).isEqualTo("to");
        assertThat(finance().get("/api/finance/liability?from=2000-01-01T00:00:00Z&to=2032-09-01T00:00:00Z").status())
                .as("a series of 12,000 days").isEqualTo(400);
    }

    private String path(String rest) {
        return "/api/accounts/" + account + rest;
    }
}
