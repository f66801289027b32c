package com.creditledger.projection.balance;

import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.UnitsOfWork;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracking processor folds a batch of events in one unit of work; the open holds are written
 * when it commits, a hold reserved and settled within it never at all, and nothing after a rollback.
 */
class OpenHoldsInOneUnitOfWorkTest extends ServiceTest {

    static final Instant AT = Instant.parse("2036-01-01T00:00:00Z");

    @Autowired
    OpenHoldProjection projection;
    @Autowired
    OpenHolds openHolds;
    @Autowired
    TransactionManager transactionManager;

    @Test
    void holds_reserved_and_settled_in_one_unit_of_work_are_never_listed_and_the_others_are() {
        String acc = newAccountId();
        try {
            fold(acc);
        } finally {
            // rows of an account without events: a rebuild in another test must not miss them
            jdbc.sql("delete from open_hold where account_id = :a").param("a", acc).update();
        }
    }

    private void fold(String acc) {
        inOneUnitOfWork(() -> {
            projection.on(reserved(acc, "job-a"), AT);
            projection.on(reserved(acc, "job-b"), AT);
            projection.on(released(acc, "job-a"));
            projection.on(reserved(acc, "job-c"), AT);
            assertThat(jobs(acc)).as("nothing is written before the commit").isEmpty();
        }, true);
        assertThat(jobs(acc)).containsExactly("job-b", "job-c");
        assertThat(openHolds.of(acc).holds().get(0))
                .isEqualTo(new OpenHolds.OpenHold("job-b", "motion-edit", "motion", 5, 2, 3, AT, AT.plusSeconds(3600)));

        inOneUnitOfWork(() -> {
            projection.on(expired(acc, "job-b"));
            projection.on(reserved(acc, "job-d"), AT);
        }, false);
        assertThat(jobs(acc)).as("a rolled back unit of work writes nothing").containsExactly("job-b", "job-c");

        inOneUnitOfWork(() -> {
            projection.on(expired(acc, "job-b"));
            projection.on(released(acc, "job-b"));
            projection.on(reserved(acc, "job-c"), AT);
        }, true);
        assertThat(jobs(acc)).as("a replayed settlement or reservation changes nothing").containsExactly("job-c");
    }

    private void inOneUnitOfWork(Runnable handlers, boolean commit) {
        UnitsOfWork.inOneUnitOfWork(transactionManager, handlers, commit);
    }

    private List<String> jobs(String acc) {
        return jdbc.sql("select job_id from open_hold where account_id = :a order by job_id").param("a", acc)
                .query(String.class).list();
    }

    private static CreditsReserved reserved(String acc, String job) {
        return new CreditsReserved(acc, job, "motion-edit", Toolkit.MOTION, Map.of(), "2026-11-01", Credits.of(5), Credits.of(2),
                Credits.of(3), null, AT.plusSeconds(3600), null);
    }

    private static HoldReleased released(String acc, String job) {
        return new HoldReleased(acc, job, "motion-edit", Toolkit.MOTION, "failed", Credits.of(2), Credits.of(3), Credits.of(2),
                Credits.of(3), Credits.ZERO);
    }

    private static HoldExpired expired(String acc, String job) {
        return new HoldExpired(acc, job, "motion-edit", Toolkit.MOTION, AT.plusSeconds(3600), Credits.of(2), Credits.of(3),
                Credits.of(2), Credits.of(3), Credits.ZERO);
    }
}
