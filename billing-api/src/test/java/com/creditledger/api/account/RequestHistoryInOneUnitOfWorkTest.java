package com.creditledger.api.account;

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

import java.time.Instant;
import java.util.Map;

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
        history.remember(charged);
        history.remember(held);
        assertThat(history.findJob(acc, "job-1")).contains(charged);
        assertThat(history.findJob(acc, "job-2")).contains(held);
        assertThat(rows(acc)).as("nothing sent before the commit").isZero();
        assertThatThrownBy(() -> history.remember(charged)).isInstanceOf(IllegalStateException.class);
        batch.commit();

        assertThat(rows(acc)).isEqualTo(2);
        assertThat(history.findJob(acc, "job-1")).contains(charged);
        assertThat(history.findJob(acc, "job-2")).contains(held);
    }

    @Test
    void a_unit_of_work_rolled_back_leaves_no_record() {
        String acc = newAccountId();
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactionManager);
        history.remember(new JobCharged(acc, "job-1", "motion-edit", Toolkit.MOTION, Map.of(), "2026-11-01",
                Credits.of(5), Credits.ZERO, Credits.of(5), null));
        batch.rollback();

        assertThat(rows(acc)).isZero();
        assertThat(history.findJob(acc, "job-1")).isEmpty();
    }

    private long rows(String accountId) {
        return jdbc.sql("select count(*) from account_request where account_id = :a").param("a", accountId).query(Long.class).single();
    }
}
