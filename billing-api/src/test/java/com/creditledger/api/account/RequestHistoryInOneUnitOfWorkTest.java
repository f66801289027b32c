package com.creditledger.api.account;

import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The request history sends its records when the unit of work commits (a whole Kafka batch is
 * one): until then it must still find them, or a job resent within one batch would be charged
 * twice; after a rollback it must have sent nothing.
 */
class RequestHistoryInOneUnitOfWorkTest extends ServiceTest {

    @Autowired
    JdbcRequestHistory history;
    @Autowired
    TransactionManager transactionManager;

    @Test
    void what_a_unit_of_work_remembered_is_found_in_it_before_the_commit_and_in_the_table_after() {
        String acc = newAccountId();
        JobCharged charged = new JobCharged(acc, "job-1", "motion-edit", Toolkit.MOTION, Map.of(), "2026-11-01",
                Credits.of(5), Credits.ZERO, Credits.of(5), null);
        CreditsReserved held = new CreditsReserved(acc, "job-2", "motion-edit", Toolkit.MOTION, Map.of(), "2026-11-01",
                Credits.of(5), Credits.ZERO, Credits.of(5), null, Instant.parse("2036-01-01T00:00:00Z"), null);

        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactionManager);
        history.remember(charged, 3);
        history.remember(held, 4);
        assertThat(history.findJob(acc, "job-1")).contains(charged);
        assertThat(history.findJob(acc, "job-2")).contains(held);
        assertThat(rows(acc)).as("nothing sent before the commit").isZero();
        assertThatThrownBy(() -> history.remember(charged, 5)).isInstanceOf(IllegalStateException.class);
        batch.commit();

        assertThat(jdbc.sql("select request_key || '@' || sequence_number from account_request where account_id = :a order by 1")
                .param("a", acc).query(String.class).list()).containsExactly("job-1@3", "job-2@4");
    }

    @Test
    void a_record_is_read_back_from_the_event_store() {
        String acc = accountWithTopUp(100);
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"job-1\",\"tool\":\"motion-edit\"}");

        assertThat(jdbc.sql("select sequence_number from account_request where account_id = :a and request_key = 'job-1'")
                .param("a", acc).query(Long.class).single()).isEqualTo(2);
        assertThat(history.findJob(acc, "job-1")).get().isInstanceOfSatisfying(JobCharged.class, charge -> {
            assertThat(charge.jobId()).isEqualTo("job-1");
            assertThat(charge.fromTopUp()).isEqualTo(Credits.of(5));
        });
    }

    @Test
    void a_unit_of_work_rolled_back_leaves_no_record() {
        String acc = newAccountId();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactionManager);
        history.remember(new JobCharged(acc, "job-1", "motion-edit", Toolkit.MOTION, Map.of(), "2026-11-01",
                Credits.of(5), Credits.ZERO, Credits.of(5), null), 1);
        batch.rollback();

        assertThat(rows(acc)).isZero();
        assertThat(history.findJob(acc, "job-1")).isEmpty();
    }

    @Test
    void a_batch_looks_its_keys_up_in_one_query_and_finds_what_the_table_and_the_batch_hold() {
        String acc = accountWithTopUp(100);
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"job-1\",\"tool\":\"motion-edit\"}");
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactionManager);
        history.prefetch(List.of(new ChargeJob(acc, "job-1", "motion-edit", Map.of()), new ChargeJob(acc, "job-2", "motion-edit", Map.of()),
                new TopUp(acc, "pay-1", Credits.of(10), null)));
        assertThat(history.findJob(acc, "job-1")).get().isInstanceOf(JobCharged.class);
        assertThat(history.findJob(acc, "job-2")).isEmpty();
        assertThat(history.findTopUp(acc, "pay-1")).isEmpty();
        jdbc.sql("delete from account_request where account_id = :a").param("a", acc).update();
        assertThat(history.findJob(acc, "job-1")).as("answered from the prefetch, not the table").isPresent();
        JobCharged now = charge(acc, "job-2");
        history.remember(now, 3);
        assertThat(history.findJob(acc, "job-2")).as("what the batch remembered comes before what it prefetched").contains(now);
        batch.commit();
        assertThat(rows(acc)).isEqualTo(1);
    }

    /**
     * The prefetch cannot see a key another instance commits after it; the table's primary key
     * then refuses the batch's own record of it, so the batch cannot commit a second decision
     * (the Kafka consumer decides such a batch again, one command per transaction).
     */
    @Test
    void a_key_committed_elsewhere_after_the_prefetch_stops_the_batch_at_its_commit() {
        String acc = newAccountId();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactionManager);
        history.prefetch(List.of(new ChargeJob(acc, "job-1", "motion-edit", Map.of())));
        CompletableFuture.runAsync(() -> history.remember(charge(acc, "job-1"), 1)).join();
        assertThat(history.findJob(acc, "job-1")).as("the prefetch is a snapshot").isEmpty();
        history.remember(charge(acc, "job-1"), 1);

        assertThatThrownBy(batch::commit).isInstanceOf(DuplicateKeyException.class);
        assertThat(rows(acc)).isEqualTo(1);
    }

    private static JobCharged charge(String accountId, String jobId) {
        return new JobCharged(accountId, jobId, "motion-edit", Toolkit.MOTION, Map.of(), "2026-11-01",
                Credits.of(5), Credits.ZERO, Credits.of(5), null);
    }

    private long rows(String accountId) {
        return jdbc.sql("select count(*) from account_request where account_id = :a").param("a", accountId).query(Long.class).single();
    }
}
