package com.creditledger.api.console;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.Script;
import com.creditledger.api.support.ServiceTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (Debian's chromium, headless) against the running service: a
 * scripted month (July 2032, a period no other test touches), each role signed in through the
 * form, every figure on the pages compared with what the API answers for the same question.
 * Screenshots of the pages go to target/console-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends ServiceTest {

    static final String MONTH = "2032-07";
    static final String FROM = "2032-07-01T00:00:00Z";
    static final String TO = "2032-08-01T00:00:00Z";
    static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = "con-" + UUID.randomUUID().toString().substring(0, 8);
    private final String a = prefix + "-a";
    private final String b = prefix + "-b";
    private Browser browser;

    @BeforeAll
    void scriptTheMonthAndStartTheBrowser() throws IOException {
        Script month = new Script(billing(), jobService(), clock);
        month.at("2032-07-01T01:00:00Z").open(a).open(b)
                .renew(a, 1000, "2032-07-01T00:00:00Z", "2032-08-01T00:00:00Z")
                .renew(b, 200, "2032-06-15T00:00:00Z", "2032-07-15T00:00:00Z");
        assertThat(billing().put(accounts(a) + "/alert-thresholds", "{\"thresholds\":[{\"credits\":1300}]}").status()).isEqualTo(200);
        month.at("2032-07-02T09:00:00Z").topUp(a, "pay-a", 500).topUp(b, "pay-b", 300);
        month.at("2032-07-05T10:00:00Z")
                .charge(a, "a-mesh", "image-to-3d-mesh", null)                                            // 25 mesh
                .charge(a, "a-world", "environment-map-to-world", null)                                   // 80 environment
                .charge(a, "a-material", "text-to-material", "{\"width\":2048,\"height\":2048,\"upscale\":4}") // 90 material
                .charge(a, "a-motion", "text-to-motion", "{\"actions\":4}");                              // 20 motion: below 1300
        month.at("2032-07-10T10:00:00Z").refund(a, "a-world")
                .charge(b, "b-env", "image-to-environment-map", null)                                     // 25 environment
                .charge(b, "b-edit", "motion-edit", null);                                                // 5 motion
        month.at("2032-07-20T10:00:00Z").topUp(b, "pay-b2", 100);                                         // b's 170 expire first
        month.at("2032-07-21T10:00:00Z").charge(b, "b-world", "environment-map-to-world", null);          // 80 from top-up
        month.at("2032-07-25T10:00:00Z");
        Response hold = jobService().post(accounts(a) + "/holds", "{\"jobId\":\"a-long\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":10}}");
        assertThat(hold.status()).as(hold.body().toString()).isEqualTo(200);
        clock.reset();
        eventually(() -> assertThat(finance().get("/api/finance/summary?from=" + FROM + "&to=" + TO).body()
                .path("totals").path("expiredSubscription").asLong()).isGreaterThanOrEqualTo(170));
        eventually(() -> assertThat(finance().get(accounts(a) + "/balance").body().path("held").path("total").asLong()).isEqualTo(50));
        browser = new Browser(port);
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void finance_sees_the_month_as_the_api_answers_it() throws IOException {
        browser.signIn("finance", PASSWORD);
        assertThat(browser.path()).startsWith("/console/overview");
        browser.open("/console/overview?month=" + MONTH);

        JsonNode summary = finance().get("/api/finance/summary?from=" + FROM + "&to=" + TO).body();
        for (String field : List.of("consumedSubscription", "consumedTopUp", "consumed", "refundedSubscription", "refundedTopUp",
                "refunded", "grantedSubscription", "expiredSubscription", "soldTopUp")) {
            assertThat(browser.figure("#" + field)).as(field).isEqualTo(summary.path("totals").path(field).asLong());
        }
        assertThat(browser.figure("#outstandingTopUp")).isEqualTo(summary.path("outstandingTopUp").asLong());
        assertThat(summary.path("totals").path("consumed").asLong()).as("the scripted month's own charges at least")
                .isGreaterThanOrEqualTo(25 + 80 + 90 + 20 + 25 + 5 + 80);

        JsonNode tools = finance().get("/api/finance/usage?from=" + FROM + "&to=" + TO + "&groupBy=period&by=tool").body();
        List<WebElement> topTools = browser.findAll("#top-tools tbody tr[data-key]");
        assertThat(topTools).isNotEmpty();
        for (WebElement row : topTools) {
            JsonNode totals = bucket(tools, null, row.getAttribute("data-key"));
            assertThat(Browser.parse(row.findElement(By.cssSelector(".consumed")).getText()))
                    .as(row.getAttribute("data-key")).isEqualTo(totals.path("consumed").asLong());
        }
        assertThat(browser.find("#top-tools tbody tr[data-key]").getAttribute("data-key")).as("most consumed first (refunds aside)")
                .isEqualTo("environment-map-to-world");

        JsonNode perDay = finance().get("/api/finance/usage?from=" + FROM + "&to=" + TO + "&groupBy=day&by=toolkit").body();
        JsonNode consumption = JSON.readTree(browser.find("#consumption-chart").getAttribute("data-chart"));
        assertThat(consumption.path("labels")).hasSize(31);
        for (JsonNode series : consumption.path("series")) {
            for (int day = 0; day < 31; day++) {
                String period = consumption.path("labels").get(day).asText();
                JsonNode totals = bucket(perDay, period, series.path("name").asText());
                assertThat(series.path("values").get(day).asLong()).as(series.path("name") + " on " + period)
                        .isEqualTo(totals == null ? 0 : totals.path("consumed").asLong());
            }
        }
        JsonNode liability = finance().get("/api/finance/liability?from=" + FROM + "&to=" + TO).body();
        JsonNode liabilityChart = JSON.readTree(browser.find("#liability-chart").getAttribute("data-chart"));
        for (int day = 0; day < 31; day++) {
            assertThat(liabilityChart.path("series").get(0).path("values").get(day).asLong())
                    .isEqualTo(liability.get(day).path("outstandingTopUp").asLong());
        }
        assertThat(browser.script("return Chart.getChart(document.getElementById('consumption-chart')) != null"))
                .as("the chart was drawn (its script ran under the content security policy)").isEqualTo(true);
        browser.screenshot("overview");

        String csv = browser.download("#export-day-toolkit-csv");
        List<String> rows = csv.lines().toList();
        assertThat(rows.get(0)).startsWith("period,key,consumedSubscription,consumedTopUp,consumed,");
        assertThat(rows).hasSize(perDay.size() + 1);
        for (JsonNode bucket : perDay) {
            String key = bucket.path("key").isNull() || bucket.path("key").isMissingNode() ? "" : bucket.path("key").asText();
            assertThat(rows).contains(bucket.path("period").asText() + "," + key + ","
                    + bucket.path("totals").path("consumedSubscription").asLong() + ","
                    + bucket.path("totals").path("consumedTopUp").asLong() + "," + bucket.path("totals").path("consumed").asLong()
                    + "," + bucket.path("totals").path("refundedSubscription").asLong() + ","
                    + bucket.path("totals").path("refundedTopUp").asLong() + "," + bucket.path("totals").path("refunded").asLong()
                    + "," + bucket.path("totals").path("grantedSubscription").asLong() + ","
                    + bucket.path("totals").path("expiredSubscription").asLong() + "," + bucket.path("totals").path("soldTopUp").asLong());
        }
        browser.window(390, 844);
        browser.screenshot("overview-phone");
        browser.window(1280, 1000);
    }

    @Test
    void finance_finds_accounts_and_reads_their_usage_but_not_the_auditors_part() throws IOException {
        browser.signIn("finance", PASSWORD);
        browser.open("/console/accounts?prefix=" + prefix);
        JsonNode listed = finance().get("/api/accounts?prefix=" + prefix).body();
        assertThat(listed.path("totalItems").asLong()).isEqualTo(2);
        List<WebElement> rows = browser.findAll("#accounts tbody tr[data-account]");
        assertThat(rows).extracting(row -> row.getAttribute("data-account")).containsExactly(a, b);
        for (int i = 0; i < 2; i++) {
            JsonNode account = listed.path("items").get(i);
            assertThat(Browser.parse(rows.get(i).findElement(By.cssSelector(".spendable")).getText()))
                    .isEqualTo(account.path("total").asLong());
            assertThat(Browser.parse(rows.get(i).findElement(By.cssSelector(".held")).getText()))
                    .isEqualTo(account.path("held").path("total").asLong());
        }
        browser.screenshot("accounts");

        browser.open("/console/accounts/" + a);
        JsonNode balance = finance().get(accounts(a) + "/balance").body();
        assertThat(browser.figure("#subscription-available")).isEqualTo(balance.path("byKind").path("subscription").path("available").asLong());
        assertThat(browser.figure("#subscription-held")).isEqualTo(balance.path("byKind").path("subscription").path("held").asLong());
        assertThat(browser.figure("#top-up-available")).isEqualTo(balance.path("byKind").path("topUp").path("available").asLong());
        assertThat(browser.figure("#spendable")).isEqualTo(balance.path("total").asLong());
        assertThat(browser.figure("#held")).isEqualTo(50);
        assertThat(browser.find("#plan").getText()).isEqualTo("pro");
        assertThat(browser.find("#period-end").getAttribute("title")).isEqualTo("2032-08-01 00:00:00 UTC");
        assertThat(browser.findAll("#holds tbody tr")).hasSize(1);
        assertThat(browser.find("#alerts tbody").getText()).contains("below 1,300");

        JsonNode usage = finance().get(accounts(a) + "/usage?size=25").body();
        List<WebElement> entries = browser.findAll("#usage-entries tbody tr[data-job]");
        assertThat(entries).extracting(row -> row.getAttribute("data-job") + "/" + row.getAttribute("data-kind"))
                .containsExactlyElementsOf(jobsAndKinds(usage.path("items")));
        JsonNode history = finance().get(accounts(a) + "/balance-history").body();
        JsonNode chart = JSON.readTree(browser.find("#balance-chart").getAttribute("data-chart"));
        assertThat(chart.path("series").get(0).path("values")).hasSize(history.size());
        for (int i = 0; i < history.size(); i++) {
            assertThat(chart.path("series").get(0).path("values").get(i).asLong()).isEqualTo(history.get(i).path("total").asLong());
        }
        assertThat(browser.has("#events")).as("the event history is the auditors'").isFalse();
        assertThat(browser.has("#verification")).isFalse();
        browser.screenshot("account-finance");

        browser.open("/console/accounts/" + a + "?from=someday");
        assertThat(browser.find("#refused").getText()).isEqualTo("from must be a date such as 2026-11-01");
        browser.open("/console/accounts/" + a);
        List<String> lines = browser.download("#usage-csv").lines().toList();
        assertThat(lines.get(0)).isEqualTo("occurredAt,jobId,kind,tool,toolkit,credits,fromSubscription,fromTopUp,catalogVersion,params");
        assertThat(lines).hasSize(usage.path("items").size() + 1);
        for (int i = 0; i < usage.path("items").size(); i++) {
            JsonNode item = usage.path("items").get(i);
            assertThat(lines.get(i + 1)).startsWith(String.join(",", item.path("occurredAt").asText(), item.path("jobId").asText(),
                    item.path("kind").asText(), item.path("tool").asText(), item.path("toolkit").asText(),
                    item.path("credits").asText(), item.path("fromSubscription").asText(), item.path("fromTopUp").asText()) + ",");
        }
    }

    @Test
    void the_auditor_sees_the_events_with_their_balances_and_the_verification() throws IOException {
        browser.signIn("auditor", PASSWORD);
        browser.open("/console/accounts/" + a);
        assertThat(browser.find("#verify-result").getText()).startsWith("Chain intact");
        JsonNode history = as("auditor").get(accounts(a) + "/balance-history").body();
        List<WebElement> events = browser.findAll("#event-history tbody tr");
        assertThat(events).hasSize(history.size());
        JsonNode last = history.get(history.size() - 1);
        assertThat(events.get(0).getAttribute("data-sequence")).isEqualTo(last.path("sequenceNumber").asText());
        assertThat(Browser.parse(events.get(0).findElement(By.cssSelector(".total")).getText()))
                .isEqualTo(last.path("total").asLong());
        browser.screenshot("account-auditor");
    }

    @Test
    void job_service_and_billing_see_balances_but_no_usage_or_finance() throws IOException {
        browser.signIn("job-service", PASSWORD);
        assertThat(browser.path()).startsWith("/console/accounts");
        browser.open("/console/accounts/" + a);
        assertThat(browser.figure("#spendable")).isEqualTo(jobService().get(accounts(a) + "/balance").body().path("total").asLong());
        assertThat(browser.has("#usage")).isFalse();
        assertThat(browser.has("#balance-history")).isFalse();
        assertThat(browser.has("#events")).isFalse();
        browser.screenshot("account-job-service");
        browser.open("/console/overview?month=" + MONTH);
        assertThat(browser.has("#forbidden")).isTrue();
        assertThat(browser.has("#consumedSubscription")).isFalse();
        browser.screenshot("forbidden");
        browser.open("/console/accounts/" + a + "/usage/export?format=csv");
        assertThat(browser.has("#forbidden")).isTrue();

        browser.signIn("billing", PASSWORD);
        browser.open("/console/overview");
        assertThat(browser.has("#forbidden")).isTrue();
        browser.open("/console/accounts?prefix=" + prefix);
        assertThat(browser.findAll("#accounts tbody tr[data-account]")).hasSize(2);
    }

    @Test
    void the_account_page_follows_new_events_without_a_reload() {
        String c = "live-" + UUID.randomUUID().toString().substring(0, 8);
        Script live = new Script(billing(), jobService(), clock).open(c).topUp(c, "pay-c", 100);
        eventually(() -> assertThat(finance().get(accounts(c) + "/balance").body().path("total").asLong()).isEqualTo(100));
        browser.signIn("finance", PASSWORD);
        browser.open("/console/accounts/" + c);
        assertThat(browser.figure("#spendable")).isEqualTo(100);
        browser.script("window.sameDocument = true");

        live.charge(c, "c-mesh", "image-to-3d-mesh", null);
        browser.until(d -> browser.figure("#spendable") == 75);
        assertThat(browser.figure("#top-up-available")).isEqualTo(75);
        assertThat(browser.findAll("#usage-entries tbody tr[data-job]")).hasSize(1);
        assertThat(browser.script("return window.sameDocument === true")).as("updated in place, not reloaded").isEqualTo(true);
    }

    @Test
    void pages_allow_only_their_own_scripts_and_forms_need_their_csrf_token() {
        Response login = anonymous().get("/console/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Security-Policy")).contains("script-src 'self';").doesNotContain("unsafe-inline");
        Response forged = anonymous().send("POST", "/console/login", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                ("username=finance&password=" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(forged.status()).as("a sign-in without the form's token").isEqualTo(403);
    }

    private static List<String> jobsAndKinds(JsonNode items) {
        List<String> jobs = new ArrayList<>();
        items.forEach(item -> jobs.add(item.path("jobId").asText() + "/" + item.path("kind").asText()));
        return jobs;
    }

    /** The totals of the bucket for this key (and period, unless null), or null without one. */
    private static JsonNode bucket(JsonNode buckets, String period, String key) {
        for (JsonNode bucket : buckets) {
            if (key.equals(bucket.path("key").asText(null)) && (period == null || period.equals(bucket.path("period").asText()))) {
                return bucket.path("totals");
            }
        }
        return null;
    }

    private static String accounts(String account) {
        return "/api/accounts/" + account;
    }
}
