package com.creditledger.api.operations;

import com.creditledger.api.support.ServiceTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resetting a projection and replaying the store rebuilds exactly the rows it had. */
class ProjectionRebuildTest extends ServiceTest {

    static final Map<String, String> TABLES = Map.of(
            "balances", """
                    select 'balance' as tbl, to_jsonb(b)::text as row from balance_view b
                    union all select 'open hold', to_jsonb(h)::text from open_hold h
                    order by tbl, row""",
            "usage", "select * from usage_entry order by account_id, job_id, kind",
            "finance", "select * from finance_entry order by account_id, sequence_number");

    @Autowired
    ProjectionRebuilds rebuilds;
    @Autowired
    DataSource dataSource;
    @Autowired
    EventStorageEngine store;
    @Autowired
    TokenStore tokens;
    @Autowired
    TransactionManager transactions;

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
        jobService().post("/api/accounts/" + acc + "/holds", "{\"jobId\":\"h1\",\"tool\":\"motion-edit\"}");
        eventually(() -> assertThat(jdbc.sql("select count(*) from usage_entry where account_id = :a").param("a", acc)
                .query(Long.class).single()).isEqualTo(3));
        eventually(() -> assertThat(jdbc.sql("select count(*) from open_hold where account_id = :a").param("a", acc)
                .query(Long.class).single()).isEqualTo(1));
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

    @Test
    void a_rebuild_under_concurrent_commands_ends_equal_to_a_fresh_replay() throws Exception {
        List<String> accounts = java.util.stream.IntStream.range(0, 5).mapToObj(i -> newAccountId()).toList();
        for (String acc : accounts) {
            billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
            billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"p\",\"credits\":100000}");
        }
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
        Thread load = new Thread(() -> {
            while (running.get()) {
                int n = sent.incrementAndGet();
                String acc = accounts.get(n % accounts.size());
                jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"load-" + n + "\",\"tool\":\"motion-edit\"}");
                if (n % 7 == 0) {
                    billing().post("/api/accounts/" + acc + "/refunds", "{\"jobId\":\"load-" + n + "\",\"reason\":\"failed\"}");
                }
            }
        });
        load.start();
        try {
            Thread.sleep(300);
            for (String projection : ProjectionRebuilds.PROJECTIONS) {
                var response = as("auditor").post("/api/operations/projections/" + projection + "/rebuild", "");
                assertThat(response.status()).isEqualTo(202);
                assertThat(response.body().path("projection").asText()).isEqualTo(projection);
            }
            // As many commands as it takes, however busy the machine: the claim is that they keep being answered.
            int before = sent.get();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> sent.get() > before + 10);
        } finally {
            running.set(false);
            load.join();
        }
        eventually(() -> assertThat(caughtUp()).isTrue());
        Map<String, List<Map<String, Object>>> underLoad = new java.util.HashMap<>();
        for (String projection : ProjectionRebuilds.PROJECTIONS) {
            underLoad.put(projection, rows(projection));
        }

        for (String projection : ProjectionRebuilds.PROJECTIONS) {
            rebuilds.rebuild(projection);
        }
        for (String projection : ProjectionRebuilds.PROJECTIONS) {
            eventually(() -> assertThat(rows(projection)).as(projection + " equals a fresh replay").isEqualTo(underLoad.get(projection)));
        }
        var progress = as("auditor").get("/api/operations/projections").body();
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0).path("behind").asLong()).isZero();
        assertThat(as("auditor").get("/actuator/projections").status()).isEqualTo(200);
        for (String acc : accounts) {
            assertThat(as("auditor").get("/api/audit/accounts/" + acc + "/verify").body().path("ok").asBoolean()).isTrue();
        }
    }

    /**
     * Until the replay has caught up, reads answer from the projection as it was, never from the
     * half-built one; then they switch over, also on an idle store where no new event arrives.
     * The test holds the rebuild's row, which the switch must take, so the switch waits for it.
     */
    @Test
    void reads_answer_from_the_old_rows_until_the_rebuild_has_switched_over_and_then_it_reports_done() throws Exception {
        String acc = accountWithTopUp(100);
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j1\",\"tool\":\"motion-edit\"}");
        eventually(() -> assertThat(finance().get("/api/accounts/" + acc + "/balance").body().path("total").asLong()).isEqualTo(95));
        eventually(() -> assertThat(caughtUp()).isTrue());
        List<Map<String, Object>> indexes = balanceIndexes();

        rebuilds.rebuild("balances");
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            boolean held = holder.createStatement()
                    .executeQuery("select 1 from projection_rebuild where projection = 'balances' for update").next();
            Assumptions.assumeTrue(held, "the rebuild switched over before the test could hold it");
            eventually(() -> assertThat(rows("balances").stream().filter(row -> row.toString().contains(acc)).count())
                    .as("the rebuilt table has the account").isPositive());
            var during = finance().get("/api/accounts/" + acc + "/balance");
            assertThat(during.status()).as(during.body().toString()).isEqualTo(200);
            assertThat(during.body().path("total").asLong()).isEqualTo(95);
            assertThat(jdbc.sql("select count(*) from read_balance_view where account_id = :a").param("a", acc).query(Long.class).single())
                    .as("reads still go to the old rows").isEqualTo(1);
            assertThat(as("auditor").get("/api/operations/projections/balances").body().path("replaying").asBoolean()).isTrue();
            assertThat(jdbc.sql("select indexname from pg_indexes where tablename = 'balance_view'").query(String.class).list())
                    .as("while it replays, the rebuilt table has its key and no other index")
                    .singleElement().asString().startsWith("balance_view_pkey");
            holder.rollback();
        }

        eventually(() -> assertThat(as("auditor").get("/api/operations/projections/balances").body().path("replaying").asBoolean())
                .as("done, with no new event after the rebuild").isFalse());
        assertThat(jdbc.sql("select count(*) from pg_class where relname like '%\\_previous'").query(Long.class).single())
                .as("the old tables are dropped").isZero();
        assertThat(balanceIndexes()).as("the rebuilt tables have the indexes the old ones had").isEqualTo(indexes);
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j2\",\"tool\":\"motion-edit\"}");
        eventually(() -> assertThat(finance().get("/api/accounts/" + acc + "/balance").body().path("total").asLong())
                .as("reads follow the rebuilt tables").isEqualTo(90));
    }

    /**
     * A replay in chunks that dies after a chunk committed leaves the processor's token at that
     * chunk: another replay, or the processor itself, goes on from there and the rows end as
     * they were, each event folded once.
     */
    @Test
    void a_replay_cut_short_goes_on_from_its_last_chunk_and_folds_every_event_once() {
        String acc = accountWithTopUp(100);
        for (int job = 0; job < 4; job++) {
            jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"c" + job + "\",\"tool\":\"motion-edit\"}");
        }
        eventually(() -> assertThat(caughtUp()).isTrue());
        List<Map<String, Object>> before = rows("finance");
        TrackingEventProcessor processor = (TrackingEventProcessor) rebuilds.processor("finance");
        processor.shutDown();
        processor.resetTokens();
        assertThat(rows("finance")).isEmpty();

        List<Long> committed = new ArrayList<>();
        ProjectionReplay inTwos = new ProjectionReplay(store, tokens, transactions, 2);
        assertThatThrownBy(() -> inTwos.catchUp(processor, position -> {
            committed.add(position);
            if (committed.size() == 2) {
                throw new IllegalStateException("the replay dies here");
            }
        })).hasMessage("the replay dies here");
        long cut = committed.get(1);
        assertThat(transactions.fetchInTransaction(() -> tokens.fetchToken("finance", 0)).position()).hasValue(cut);
        assertThat(rows("finance")).hasSizeLessThan(before.size());

        long folded = new ProjectionReplay(store, tokens, transactions, 3).catchUp(processor, position -> {
        });
        assertThat(folded).as("the events after the cut, once").isEqualTo(
                jdbc.sql("select count(*) from domain_event_entry where global_index > :cut").param("cut", cut).query(Long.class).single());
        assertThat(rows("finance")).isEqualTo(before);
        processor.start();
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"after\",\"tool\":\"motion-edit\"}");
        eventually(() -> assertThat(rows("finance")).hasSize(before.size() + 1));
    }

    @Test
    void a_projection_whose_segments_another_instance_holds_is_not_rebuilt_here_and_nothing_changes() {
        String acc = accountWithTopUp(100);
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j1\",\"tool\":\"motion-edit\"}");
        eventually(() -> assertThat(caughtUp()).isTrue());
        List<Map<String, Object>> before = rows("usage");
        StreamingEventProcessor processor = rebuilds.processor("usage");
        processor.shutDown();
        jdbc.sql("update token_entry set owner = 'another-instance', timestamp = :now where processor_name = 'usage'")
                .param("now", java.time.Instant.now().toString()).update();
        try {
            var response = as("auditor").post("/api/operations/projections/usage/rebuild", "");
            assertThat(response.status()).isEqualTo(409);
            assertThat(response.body().path("detail").asText()).contains("another instance holds segments of projection 'usage'");
            assertThat(rebuilds.rebuilding("usage")).isFalse();
            assertThat(jdbc.sql("select count(*) from pg_class where relname = 'usage_entry_previous'").query(Long.class).single()).isZero();
            assertThat(rows("usage")).isEqualTo(before);
            assertThat(processor.isRunning()).as("its processor runs again, waiting for the segment").isTrue();
        } finally {
            jdbc.sql("update token_entry set owner = null where processor_name = 'usage'").update();
        }
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j2\",\"tool\":\"motion-edit\"}");
        eventually(() -> assertThat(rows("usage")).hasSize(before.size() + 1));
    }

    private List<Map<String, Object>> balanceIndexes() {
        return jdbc.sql("""
                select tablename, indexname, indexdef from pg_indexes
                where tablename in ('balance_view', 'open_hold', 'balance_alert', 'alert_settings') order by indexname""")
                .query().listOfRows();
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
