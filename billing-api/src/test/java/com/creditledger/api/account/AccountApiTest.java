package com.creditledger.api.account;

import java.time.Instant;
import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands over HTTP end in the event store and in every projection. */
class AccountApiTest extends ServiceTest {

    @Test
    void a_month_of_commands_lands_in_the_store_and_in_every_projection() {
        // a November far ahead: its cycle-end deadline (real time) must not fire during the test, whatever the date of the run
        clock.moveTo(Instant.parse("2036-11-15T12:00:00Z"));
        String acc = newAccountId();
        assertThat(billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}").status()).isEqualTo(201);
        Response renewal = billing().post("/api/accounts/" + acc + "/renewals",
                "{\"plan\":\"pro\",\"monthlyCredits\":100,\"periodStart\":\"2036-11-01T00:00:00Z\",\"periodEnd\":\"2036-12-01T00:00:00Z\"}");
        assertThat(renewal.status()).isEqualTo(200);
        assertThat(billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":500,\"packageId\":\"pack-500\"}")
                .status()).isEqualTo(200);

        Response charge = jobService().post("/api/accounts/" + acc + "/charges",
                "{\"jobId\":\"job-1\",\"tool\":\"image-to-material\",\"params\":{\"width\":2048,\"height\":2048,\"upscale\":4}}");
        assertThat(charge.status()).isEqualTo(200);
        JsonNode result = charge.body();
        assertThat(result.path("status").asText()).isEqualTo("ACCEPTED");
        assertThat(result.path("duplicate").asBoolean()).isFalse();
        assertThat(result.path("credits").asLong()).isEqualTo(101);
        assertThat(result.path("fromSubscription").asLong()).isEqualTo(100);
        assertThat(result.path("fromTopUp").asLong()).isEqualTo(1);
        assertThat(result.path("balance").path("subscription").asLong()).isZero();
        assertThat(result.path("balance").path("topUp").asLong()).isEqualTo(499);
        assertThat(result.path("balance").path("total").asLong()).isEqualTo(499);

        Response again = jobService().post("/api/accounts/" + acc + "/charges",
                "{\"jobId\":\"job-1\",\"tool\":\"image-to-material\",\"params\":{\"width\":2048,\"height\":2048,\"upscale\":4}}");
        assertThat(again.body().path("duplicate").asBoolean()).isTrue();
        assertThat(again.body().path("credits").asLong()).isEqualTo(101);

        assertThat(billing().post("/api/accounts/" + acc + "/refunds", "{\"jobId\":\"job-1\",\"reason\":\"generation failed\"}")
                .body().path("credits").asLong()).isEqualTo(101);

        List<String> types = jdbc.sql("select payload_type from domain_event_entry where aggregate_identifier = :id order by sequence_number")
                .param("id", acc).query(String.class).list();
        assertThat(types).extracting(type -> type.substring(type.lastIndexOf('$') + 1))
                .containsExactly("AccountOpened", "SubscriptionRenewed", "CreditsToppedUp", "JobCharged", "JobRefunded");

        eventually(() -> {
            JsonNode balance = finance().get("/api/accounts/" + acc + "/balance").body();
            assertThat(balance.path("subscription").asLong()).isEqualTo(100);
            assertThat(balance.path("topUp").asLong()).isEqualTo(500);
            assertThat(balance.path("total").asLong()).isEqualTo(600);
            assertThat(balance.path("plan").asText()).isEqualTo("pro");
            assertThat(balance.path("periodEnd").asText()).isEqualTo("2036-12-01T00:00:00Z");
            assertThat(balance.path("lastSequence").asLong()).isEqualTo(4);
        });
        eventually(() -> {
            JsonNode usage = finance().get("/api/accounts/" + acc + "/usage").body();
            assertThat(usage.path("totalItems").asLong()).isEqualTo(2);
            assertThat(usage.path("items").get(0).path("kind").asText()).isEqualTo("REFUND");
            assertThat(usage.path("items").get(1).path("params").path("width").asLong()).isEqualTo(2048);
            assertThat(usage.path("items").get(1).path("toolkit").asText()).isEqualTo("material");
        });
        eventually(() -> assertThat(jdbc.sql("select count(*) from finance_entry where account_id = :id")
                .param("id", acc).query(Long.class).single()).isEqualTo(4));
    }

    @Test
    void the_balance_view_shows_an_accepted_charge_within_a_second() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"p\",\"credits\":50}");
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j\",\"tool\":\"motion-edit\"}");
        long start = System.nanoTime();
        eventually(() -> assertThat(finance().get("/api/accounts/" + acc + "/balance").body().path("total").asLong()).isEqualTo(45));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
    }

    @Test
    void a_charge_beyond_the_balance_is_refused_with_402_and_recorded() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"p\",\"credits\":10}");
        Response refused = jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j\",\"tool\":\"image-to-3d-mesh\"}");
        assertThat(refused.status()).isEqualTo(402);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.reason()).isEqualTo("INSUFFICIENT_CREDITS");
        assertThat(refused.body().path("credits").asLong()).isEqualTo(25);
        assertThat(refused.body().path("balance").path("total").asLong()).isEqualTo(10);
        assertThat(storedEvents(acc)).isEqualTo(3);
    }

    @Test
    void the_pricing_endpoints_show_the_catalog_and_quote_without_charging() {
        JsonNode catalog = jobService().get("/api/pricing").body();
        assertThat(catalog.path("version").asText()).isEqualTo("2026-11-01");
        assertThat(catalog.path("tools")).hasSize(11);
        Response quote = jobService().get("/api/pricing/quote?tool=text-to-material&width=512&height=512&upscale=4");
        assertThat(quote.body().path("credits").asLong()).isEqualTo(8);
        assertThat(quote.body().path("toolkit").asText()).isEqualTo("material");
        Response bad = jobService().get("/api/pricing/quote?tool=text-to-material&width=512&height=512&upscale=3");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.reason()).isEqualTo("INVALID_PARAMS");
        assertThat(bad.body().path("field").asText()).isEqualTo("upscale");
    }
}
