package com.creditledger.api.finance;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted month (March 2031, a period no other test touches) and the finance figures a
 * person computed by hand from it.
 */
class FinanceMonthTest extends ServiceTest {

    static final String FROM = "2031-03-01T00:00:00Z";
    static final String TO = "2031-04-01T00:00:00Z";

    @Test
    void the_ledger_matches_the_hand_computed_month() {
        String a = newAccountId();
        String b = newAccountId();

        at("2031-03-01T01:00:00Z");
        open(a);
        open(b);
        ok(billing().post("/api/accounts/" + a + "/renewals", renewal(1000, "2031-03-01T00:00:00Z", "2031-04-01T00:00:00Z")));
        ok(billing().post("/api/accounts/" + b + "/renewals", renewal(100, "2031-02-15T00:00:00Z", "2031-03-15T00:00:00Z")));

        at("2031-03-02T10:00:00Z");
        ok(billing().post("/api/accounts/" + a + "/top-ups", "{\"paymentId\":\"pay-a1\",\"credits\":500,\"packageId\":\"pack-500\"}"));

        at("2031-03-05T10:00:00Z");
        charge(a, "a-mesh", "image-to-3d-mesh", null);                                      // 25 mesh
        charge(a, "a-world", "environment-map-to-world", null);                             // 80 environment
        charge(a, "a-material", "text-to-material", "{\"width\":2048,\"height\":2048,\"upscale\":4}"); // 90 material
        charge(a, "a-motion", "text-to-motion", "{\"actions\":4}");                         // 20 motion

        at("2031-03-10T10:00:00Z");
        ok(billing().post("/api/accounts/" + a + "/refunds", "{\"jobId\":\"a-world\",\"reason\":\"generation failed\"}")); // 80 back
        charge(b, "b-env", "image-to-environment-map", null);                               // 25 environment
        charge(b, "b-edit", "motion-edit", null);                                           // 5 motion

        at("2031-03-20T10:00:00Z");
        // B's cycle ended on the 15th without renewal: this top-up records the expiry of its 70 credits first.
        ok(billing().post("/api/accounts/" + b + "/top-ups", "{\"paymentId\":\"pay-b1\",\"credits\":200}"));

        at("2031-03-21T10:00:00Z");
        charge(b, "b-world", "environment-map-to-world", null);                             // 80 environment, from top-up

        eventually(() -> {
            JsonNode summary = finance().get("/api/finance/summary?from=" + FROM + "&to=" + TO).body();
            JsonNode totals = summary.path("totals");
            assertThat(totals.path("consumedSubscription").asLong()).isEqualTo(25 + 80 + 90 + 20 + 25 + 5);
            assertThat(totals.path("consumedTopUp").asLong()).isEqualTo(80);
            assertThat(totals.path("consumed").asLong()).isEqualTo(325);
            assertThat(totals.path("refundedSubscription").asLong()).isEqualTo(80);
            assertThat(totals.path("refundedTopUp").asLong()).isZero();
            assertThat(totals.path("grantedSubscription").asLong()).isEqualTo(1100);
            assertThat(totals.path("expiredSubscription").asLong()).isEqualTo(70);
            assertThat(totals.path("soldTopUp").asLong()).isEqualTo(700);
            assertThat(summary.path("outstandingTopUp").asLong()).as("top-up liability at the end of March")
                    .isEqualTo(outstandingTopUpBefore(FROM) + 500 + 120);
        });

        Map<String, JsonNode> byToolkit = byKey(finance().get("/api/finance/usage?from=" + FROM + "&to=" + TO + "&groupBy=month&by=toolkit").body());
        assertThat(byToolkit.get("mesh").path("consumed").asLong()).isEqualTo(25);
        assertThat(byToolkit.get("environment").path("consumed").asLong()).isEqualTo(80 + 25 + 80);
        assertThat(byToolkit.get("environment").path("refunded").asLong()).isEqualTo(80);
        assertThat(byToolkit.get("material").path("consumed").asLong()).isEqualTo(90);
        assertThat(byToolkit.get("motion").path("consumed").asLong()).isEqualTo(25);
        assertThat(byToolkit.get(null).path("grantedSubscription").asLong()).isEqualTo(1100);
        assertThat(byToolkit.get(null).path("soldTopUp").asLong()).isEqualTo(700);

        JsonNode byDay = finance().get("/api/finance/usage?from=" + FROM + "&to=" + TO + "&groupBy=day&by=tool").body();
        JsonNode worldOn21st = null;
        for (JsonNode bucket : byDay) {
            if (bucket.path("period").asText().equals("2031-03-21T00:00:00Z") && "environment-map-to-world".equals(bucket.path("key").asText())) {
                worldOn21st = bucket.path("totals");
            }
        }
        assertThat(worldOn21st).isNotNull();
        assertThat(worldOn21st.path("consumedTopUp").asLong()).isEqualTo(80);

        JsonNode april = finance().get("/api/finance/summary?from=2031-04-01T00:00:00Z&to=2031-05-01T00:00:00Z").body();
        assertThat(april.path("totals").path("consumed").asLong()).isZero();
        assertThat(april.path("outstandingTopUp").asLong()).isEqualTo(outstandingTopUpBefore(FROM) + 620);
    }

    private long outstandingTopUpBefore(String instant) {
        return finance().get("/api/finance/summary?from=2000-01-01T00:00:00Z&to=" + instant).body().path("outstandingTopUp").asLong();
    }

    private static Map<String, JsonNode> byKey(JsonNode buckets) {
        Map<String, JsonNode> byKey = new HashMap<>();
        for (JsonNode bucket : buckets) {
            byKey.put(bucket.path("key").isMissingNode() || bucket.path("key").isNull() ? null : bucket.path("key").asText(), bucket.path("totals"));
        }
        return byKey;
    }

    private void at(String instant) {
        clock.moveTo(Instant.parse(instant));
    }

    private void open(String account) {
        assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + account + "\"}").status()).isEqualTo(201);
    }

    private void charge(String account, String job, String tool, String params) {
        ok(jobService().post("/api/accounts/" + account + "/charges",
                "{\"jobId\":\"" + job + "\",\"tool\":\"" + tool + "\"" + (params == null ? "" : ",\"params\":" + params) + "}"));
    }

    private static String renewal(long credits, String start, String end) {
        return "{\"plan\":\"pro\",\"monthlyCredits\":" + credits + ",\"periodStart\":\"" + start + "\",\"periodEnd\":\"" + end + "\"}";
    }

    private static void ok(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    }
}
