package com.creditledger.api.alert;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.Accounts;
import com.creditledger.account.CommandResult;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Holds and alerts as finance, customers and auditors see them: the balance view with held
 * credits by kind, usage and the finance ledger counting captures as charges, the alerts
 * endpoint, and the audit finding every projection in line with the events. May 2034 is a
 * month no other test touches.
 */
class HoldsAndAlertsInProjectionsTest extends ServiceTest {

    static final String MAY = "from=2034-05-01T00:00:00Z&to=2034-06-01T00:00:00Z";

    @Autowired
    Accounts accounts;

    @Test
    void holds_captures_releases_and_alerts_land_in_every_projection() {
        String acc = newAccountId();
        clock.moveTo(Instant.parse("2034-05-02T10:00:00Z"));
        Instant inAnHour = clock.instant().plusSeconds(3600);
        ok(billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}"));
        ok(billing().post("/api/accounts/" + acc + "/renewals",
                "{\"plan\":\"pro\",\"monthlyCredits\":100,\"periodStart\":\"2034-05-01T00:00:00Z\",\"periodEnd\":\"2034-06-01T00:00:00Z\"}"));
        ok(billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"pay-1\",\"credits\":50}"));

        accepted(new ReserveCredits(acc, "job-a", "text-to-motion", Map.of("actions", 10L), inAnHour));   // 50 from subscription
        accepted(new ReserveCredits(acc, "job-b", "image-to-3d-mesh", Map.of(), inAnHour));                // 25 from subscription
        CommandResult captured = accepted(new CaptureCharge(acc, "job-a", Map.of("actions", 6L)));         // 30, 20 released
        assertThat(captured.credits().amount()).isEqualTo(30);
        accepted(new ReleaseHold(acc, "job-b", "generation failed"));                                     // 25 back
        accepted(new ReserveCredits(acc, "job-c", "environment-map-to-world", Map.of(), inAnHour));       // 70 sub + 10 top-up
        CommandResult charged = accepted(new ChargeJob(acc, "job-d", "image-to-3d-mesh", Map.of()));       // 25 top-up: 40 -> 15
        assertThat(charged.balance().total().amount()).isEqualTo(15);
        assertThat(charged.balance().held().total().amount()).isEqualTo(80);

        eventually(() -> {
            JsonNode balance = finance().get("/api/accounts/" + acc + "/balance").body();
            assertThat(balance.path("subscription").asLong()).isZero();
            assertThat(balance.path("topUp").asLong()).isEqualTo(15);
            assertThat(balance.path("total").asLong()).isEqualTo(15);
            assertThat(balance.path("held").path("subscription").asLong()).isEqualTo(70);
            assertThat(balance.path("held").path("topUp").asLong()).isEqualTo(10);
            assertThat(balance.path("held").path("total").asLong()).isEqualTo(80);
            assertThat(balance.path("byKind").path("subscription").path("total").asLong()).isEqualTo(70);
            assertThat(balance.path("byKind").path("topUp").path("available").asLong()).isEqualTo(15);
            assertThat(balance.path("byKind").path("topUp").path("total").asLong()).isEqualTo(25);
        });

        eventually(() -> {
            JsonNode alerts = jobService().get("/api/accounts/" + acc + "/alerts").body();
            assertThat(alerts.path("defaults").asBoolean()).isTrue();
            assertThat(alerts.path("thresholds").toString()).isEqualTo("[{\"credits\":0},{\"percentOfAllocation\":20}]");
            assertThat(alerts.path("alerts")).hasSize(1);
            JsonNode alert = alerts.path("alerts").get(0);
            assertThat(alert.path("kind").asText()).isEqualTo("BELOW_THRESHOLD");
            assertThat(alert.path("threshold").toString()).isEqualTo("{\"percentOfAllocation\":20}");
            assertThat(alert.path("thresholdCredits").asLong()).isEqualTo(20);
            assertThat(alert.path("balanceBefore").asLong()).isEqualTo(40);
            assertThat(alert.path("balanceAfter").asLong()).isEqualTo(15);
        });

        eventually(() -> {
            JsonNode usage = finance().get("/api/accounts/" + acc + "/usage?" + MAY).body();
            assertThat(usage.toString()).contains("\"jobId\":\"job-a\"").contains("\"jobId\":\"job-d\"").doesNotContain("job-b");
            JsonNode totals = finance().get("/api/finance/summary?" + MAY).body().path("totals");
            assertThat(totals.path("consumedSubscription").asLong()).isEqualTo(30);
            assertThat(totals.path("consumedTopUp").asLong()).isEqualTo(25);
            assertThat(totals.path("expiredSubscription").asLong()).isZero();
        });

        eventually(() -> {
            JsonNode verification = as("auditor").get("/api/audit/accounts/" + acc + "/verify").body();
            assertThat(verification.path("projectionDifferences")).as(verification.toString()).isEmpty();
            assertThat(verification.path("ok").asBoolean()).isTrue();
        });
        JsonNode asOf = as("auditor").get("/api/audit/accounts/" + acc + "/balance?asOf=" + clock.instant()).body();
        assertThat(asOf.path("total").asLong()).isEqualTo(15);
        assertThat(asOf.path("held").path("total").asLong()).isEqualTo(80);

        // the open holds listed are checked against the events too (and put back as they were)
        jdbc.sql("update open_hold set credits = credits + 1 where account_id = :a").param("a", acc).update();
        JsonNode drifted = as("auditor").get("/api/audit/accounts/" + acc + "/verify").body();
        jdbc.sql("update open_hold set credits = credits - 1 where account_id = :a").param("a", acc).update();
        assertThat(drifted.path("ok").asBoolean()).isFalse();
        assertThat(drifted.path("projectionDifferences").toString()).contains("open holds");
    }

    @Test
    void an_unknown_account_has_no_alerts_and_a_bad_limit_is_refused() {
        assertThat(jobService().get("/api/accounts/" + newAccountId() + "/alerts").reason()).isEqualTo("UNKNOWN_ACCOUNT");
        assertThat(jobService().get("/api/accounts/x/alerts?limit=0").reason()).isEqualTo("INVALID_REQUEST");
    }

    private CommandResult accepted(com.creditledger.account.AccountCommand command) {
        CommandResult result = accounts.handle(command);
        assertThat(result.isAccepted()).as("%s: %s", command, result).isTrue();
        return result;
    }

    private static void ok(com.creditledger.api.support.Api.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(200, 201);
    }
}
