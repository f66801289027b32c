package com.creditledger.account.alert;

import com.creditledger.account.AccountCommand.ConfigureBalanceAlerts;
import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountState;
import com.creditledger.account.AlertPolicy;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.Split;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.decision.Story;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.CATALOG;
import static com.creditledger.account.decision.Story.NOV_1;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.november;
import static org.assertj.core.api.Assertions.assertThat;

class AlertsTest {

    static final AlertPolicy DEFAULTS = new AlertPolicy(List.of(AlertThreshold.ofAllocation(20), AlertThreshold.ofCredits(0)));

    static int jobs;

    /** A job charged from the subscription, under a job id of its own. */
    static JobCharged charge(long credits) {
        return JobCharged.of(ACC, "job-" + ++jobs, CATALOG.quote("image-to-3d-mesh", Map.of()), Map.of(),
                new Split(credits(credits), credits(0)), NOV_1);
    }

    @Test
    void a_fall_across_a_threshold_raises_it_once() {
        AccountState after = given(november(100), charge(25), charge(25), charge(25), charge(10)).state();
        assertThat(Alerts.raised(ACC, credits(25), after, DEFAULTS)).containsExactly(
                new BalanceFellBelowThreshold(ACC, AlertThreshold.ofAllocation(20), credits(20), credits(25), credits(15)));
        assertThat(Alerts.raised(ACC, credits(19), after, DEFAULTS)).as("already below it").isEmpty();
    }

    @Test
    void a_fall_across_several_thresholds_raises_them_highest_first() {
        AccountState after = given(november(100), charge(25), charge(25), charge(25), charge(25)).state();
        assertThat(Alerts.raised(ACC, credits(50), after, DEFAULTS)).containsExactly(
                new BalanceFellBelowThreshold(ACC, AlertThreshold.ofAllocation(20), credits(20), credits(50), credits(0)),
                new CreditsRanOut(ACC, credits(50)));
    }

    @Test
    void the_account_s_own_thresholds_come_from_its_state() {
        AccountState after = given(november(100), new BalanceAlertsConfigured(ACC, List.of(AlertThreshold.ofCredits(60))), charge(25),
                charge(25)).state();
        assertThat(Alerts.raised(ACC, credits(75), after, DEFAULTS)).containsExactly(
                new BalanceFellBelowThreshold(ACC, AlertThreshold.ofCredits(60), credits(60), credits(75), credits(50)));
    }

    @Test
    void the_same_thresholds_again_are_a_duplicate_that_records_nothing() {
        List<AlertThreshold> own = List.of(AlertThreshold.ofCredits(60));
        Story story = given(new BalanceAlertsConfigured(ACC, own));
        Decision decision = story.when(AlertSettings::decide, new ConfigureBalanceAlerts(ACC, own), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().duplicate()).isTrue();
        assertThat(story.when(AlertSettings::decide, new ConfigureBalanceAlerts(ACC, null), NOW).events())
                .containsExactly(new BalanceAlertsConfigured(ACC, null));
    }
}
