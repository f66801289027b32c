package com.creditledger.projection.balance;

import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.UnitsOfWork;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A processor's batch is folded per account and written as one row when it commits; each event
 * counts once however batches overlap what the view already has, and nothing is written after
 * a rollback.
 */
class BalancesInOneUnitOfWorkTest extends ServiceTest {

    static final Instant AT = Instant.parse("2036-01-01T00:00:00Z");
    static final Instant PERIOD_START = Instant.parse("2036-01-01T00:00:00Z");
    static final Instant PERIOD_END = Instant.parse("2036-02-01T00:00:00Z");

    @Autowired
    BalanceProjection projection;
    @Autowired
    Balances balances;
    @Autowired
    TransactionManager transactionManager;

    @Test
    void every_event_counts_once_whatever_the_batches() {
        String acc = newAccountId();
        try {
            fold(acc);
        } finally {
            // a row of an account without events: a rebuild in another test must not miss it
            jdbc.sql("delete from balance_view where account_id = :a").param("a", acc).update();
        }
    }

    private void fold(String acc) {
        inOneUnitOfWork(() -> {
            projection.on(new AccountOpened(acc), 0, AT, new GlobalSequenceTrackingToken(100));
            projection.on(new CreditsToppedUp(acc, "p", Credits.of(100), null), 1, AT, new GlobalSequenceTrackingToken(101));
            projection.on(charged(acc, "j1", 10), 2, AT, new GlobalSequenceTrackingToken(102));
            assertThat(balances.find(acc)).as("nothing is written before the commit").isEmpty();
        }, true);
        assertThat(balance(acc)).isEqualTo(new long[]{0, 90, 2, 102});

        inOneUnitOfWork(() -> projection.on(charged(acc, "j2", 20), 3, AT, new GlobalSequenceTrackingToken(103)), false);
        assertThat(balance(acc)).as("a rolled back unit of work writes nothing").isEqualTo(new long[]{0, 90, 2, 102});

        inOneUnitOfWork(() -> {
            projection.on(charged(acc, "j1", 10), 2, AT, new GlobalSequenceTrackingToken(102));
            projection.on(charged(acc, "j2", 20), 3, AT, new GlobalSequenceTrackingToken(103));
            projection.on(new SubscriptionRenewed(acc, "pro", Credits.of(60), PERIOD_START, PERIOD_END, Credits.ZERO), 4,
                    AT, new GlobalSequenceTrackingToken(104));
            projection.on(charged(acc, "j3", 5), 5, AT, new GlobalSequenceTrackingToken(105));
        }, true);
        assertThat(balance(acc)).as("an event applied already is skipped, the newer ones in the same batch are not")
                .isEqualTo(new long[]{60, 65, 5, 105});
        AccountBalance view = balances.find(acc).orElseThrow();
        assertThat(view.plan()).isEqualTo("pro");
        assertThat(view.periodEnd()).isEqualTo(PERIOD_END);

        inOneUnitOfWork(() -> {
            projection.on(new AccountOpened(acc), 0, AT, new GlobalSequenceTrackingToken(100));
            projection.on(charged(acc, "j3", 5), 5, AT, new GlobalSequenceTrackingToken(105));
        }, true);
        assertThat(balance(acc)).as("a batch applied again changes nothing").isEqualTo(new long[]{60, 65, 5, 105});
    }

    /** A charge taken from top-up credits. */
    private static JobCharged charged(String acc, String job, long credits) {
        return new JobCharged(acc, job, "motion-edit", Toolkit.MOTION, Map.of(), "2026-11-01", Credits.of(credits),
                Credits.ZERO, Credits.of(credits), null);
    }

    /** subscription, top-up, last sequence, last position */
    private long[] balance(String acc) {
        return balances.find(acc).map(b -> new long[]{b.subscription(), b.topUp(), b.lastSequence(), b.lastPosition()})
                .orElse(null);
    }

    private void inOneUnitOfWork(Runnable handlers, boolean commit) {
        UnitsOfWork.inOneUnitOfWork(transactionManager, handlers, commit);
    }
}
