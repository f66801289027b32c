package com.creditledger.projection.alert;

import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AlertThreshold;
import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.UnitsOfWork;
import com.creditledger.pricing.Credits;
import org.axonframework.common.transaction.TransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A processor's batch may configure an account's alerts more than once: the last settings win, once. */
class AlertsInOneUnitOfWorkTest extends ServiceTest {

    static final Instant AT = Instant.parse("2036-01-01T00:00:00Z");

    @Autowired
    AlertProjection projection;
    @Autowired
    BalanceAlerts alerts;
    @Autowired
    TransactionManager transactionManager;

    @Test
    void the_last_settings_of_a_batch_win_and_a_replayed_batch_changes_nothing() {
        String acc = newAccountId();
        try {
            Runnable batch = () -> {
                projection.on(new BalanceAlertsConfigured(acc, List.of(AlertThreshold.ofCredits(50))), 1);
                projection.on(new CreditsRanOut(acc, Credits.of(7)), 2, AT);
                projection.on(new BalanceAlertsConfigured(acc, List.of(AlertThreshold.ofAllocation(10))), 3);
            };
            UnitsOfWork.inOneUnitOfWork(transactionManager, batch, true);
            UnitsOfWork.inOneUnitOfWork(transactionManager, batch, true);
            assertThat(alerts.thresholds(acc)).contains(List.of(AlertThreshold.ofAllocation(10)));
            assertThat(alerts.recent(acc, 10)).extracting(BalanceAlerts.Alert::kind).containsExactly("RAN_OUT");

            UnitsOfWork.inOneUnitOfWork(transactionManager,
                    () -> projection.on(new BalanceAlertsConfigured(acc, List.of(AlertThreshold.ofCredits(50))), 1), true);
            assertThat(alerts.thresholds(acc)).as("older settings never replace newer ones")
                    .contains(List.of(AlertThreshold.ofAllocation(10)));
        } finally {
            // rows of an account without events: a rebuild in another test must not miss them
            jdbc.sql("delete from alert_settings where account_id = :a").param("a", acc).update();
            jdbc.sql("delete from balance_alert where account_id = :a").param("a", acc).update();
        }
    }
}
