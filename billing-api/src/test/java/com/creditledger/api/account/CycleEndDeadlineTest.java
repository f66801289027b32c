package com.creditledger.api.account;

import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The end of a cycle is a deadline in PostgreSQL (db-scheduler): it fires without any further command. */
class CycleEndDeadlineTest extends ServiceTest {

    @Test
    void unused_subscription_credits_expire_when_the_period_ends() {
        String acc = newAccountId();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        Instant end = Instant.now().plusSeconds(2);
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/renewals",
                "{\"plan\":\"pro\",\"monthlyCredits\":40,\"periodStart\":\"" + start + "\",\"periodEnd\":\"" + end + "\"}");
        assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_name = 'AxonDeadline'").query(Long.class).single())
                .isPositive();

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(jdbc.sql("""
                                select count(*) from domain_event_entry
                                where aggregate_identifier = :id and payload_type like '%SubscriptionCreditsExpired'""")
                        .param("id", acc).query(Long.class).single()).isEqualTo(1));
        eventually(() -> assertThat(finance().get("/api/accounts/" + acc + "/balance").body().path("subscription").asLong()).isZero());
    }
}
