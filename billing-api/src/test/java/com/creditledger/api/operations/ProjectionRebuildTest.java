package com.creditledger.api.operations;

import com.creditledger.api.support.ServiceTest;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Resetting a projection and replaying the store rebuilds exactly the rows it had. */
class ProjectionRebuildTest extends ServiceTest {

    static final Map<String, String> TABLES = Map.of(
            "balances", "select * from balance_view order by account_id",
            "usage", "select * from usage_entry order by account_id, job_id, kind",
            "finance", "select * from finance_entry order by account_id, sequence_number");

    @Autowired
    ProjectionRebuilds rebuilds;

    @Test
    void every_projection_rebuilds_identical_rows() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/renewals",
                "{\"plan\":\"pro\",\"monthlyCredits\":60,\"periodStart\":\"2026-11-01T00:00:00Z\",\"periodEnd\":\"2026-12-01T00:00:00Z\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"p\",\"credits\":100}");
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j1\",\"tool\":\"environment-map-to-world\"}");
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j2\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":2}}");
        billing().post("/api/accounts/" + acc + "/refunds", "{\"jobId\":\"j2\",\"reason\":\"failed\"}");
        eventually(() -> assertThat(jdbc.sql("select count(*) from usage_entry where account_id = :a").param("a", acc)
                .query(Long.class).single()).isEqualTo(3));
        eventually(() -> assertThat(caughtUp()).isTrue());

        for (String projection : ProjectionRebuilds.PROJECTIONS) {
            List<Map<String, Object>> before = rows(projection);
            assertThat(before).isNotEmpty();

            StreamingEventProcessor processor = rebuilds.processor(projection);
            processor.shutDown();
            processor.resetTokens();
            assertThat(rows(projection)).as("the reset handler empties " + projection).isEmpty();
            processor.start();

            eventually(() -> assertThat(rows(projection)).isEqualTo(before));
        }
    }

    private boolean caughtUp() {
        long head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
        return ProjectionRebuilds.PROJECTIONS.stream().allMatch(name -> rebuilds.processor(name).processingStatus().values().stream()
                .allMatch(status -> status.getCurrentPosition().orElse(-1) >= head));
    }

    private List<Map<String, Object>> rows(String projection) {
        return jdbc.sql(TABLES.get(projection)).query().listOfRows();
    }
}
