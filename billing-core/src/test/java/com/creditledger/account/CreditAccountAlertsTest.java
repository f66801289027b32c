package com.creditledger.account;

import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.ConfigureBalanceAlerts;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.CoreMatchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.instanceOf;

/** Balance alerts with the standard defaults: 20% of the monthly allocation, and running out. */
class CreditAccountAlertsTest {

    static final String ACC = "acc-1";
    static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");
    static final Map<String, Long> NO_PARAMS = Map.of();
    static final AlertThreshold TWENTY_PERCENT = AlertThreshold.ofAllocation(20);

    AggregateTestFixture<CreditAccount> fixture;
    MutableClock clock = new MutableClock(NOV_1.plus(Duration.ofDays(2)));

    @BeforeEach
    void setUp() {
        fixture = fresh();
    }

    /** A fixture serves one given/when/expect story; a test telling two needs a second one. */
    private AggregateTestFixture<CreditAccount> fresh() {
        return AccountFixtures.fixture(clock, Policies.HOLDS, Policies.ALERTS);
    }

    static Credits credits(long amount) {
        return Credits.of(amount);
    }

    static RenewSubscription renewNovember(long monthly) {
        return new RenewSubscription(ACC, "pro", credits(monthly), NOV_1, DEC_1);
    }

    static ChargeJob charge(String jobId, String tool) {
        return new ChargeJob(ACC, jobId, tool, NO_PARAMS);
    }

    @Test
    void a_balance_exactly_at_the_threshold_is_not_below_it() {
        fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                .when(charge("job-1", "environment-map-to-world"))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(JobCharged.class)),
                        andNoMore()));
    }

    @Test
    void falling_below_a_share_of_the_allocation_raises_an_alert_once() {
        fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), charge("job-1", "environment-map-to-world"))
                .when(charge("job-2", "motion-edit"))
                .expectEvents(new JobCharged(ACC, "job-2", "motion-edit", Toolkit.MOTION, NO_PARAMS,
                                "2026-11-01", credits(5), credits(5), credits(0), NOV_1),
                        new BalanceFellBelowThreshold(ACC, TWENTY_PERCENT, credits(20), credits(20), credits(15)));
        fresh().givenCommands(new OpenAccount(ACC), renewNovember(100), charge("job-1", "environment-map-to-world"),
                        charge("job-2", "motion-edit"))
                .when(charge("job-3", "motion-edit"))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(JobCharged.class)),
                        andNoMore()));
    }

    @Test
    void running_out_passes_every_threshold_on_the_way_down_highest_first() {
        fixture.givenCommands(new OpenAccount(ACC), renewNovember(25))
                .when(charge("job-1", "image-to-3d-mesh"))
                .expectEvents(new JobCharged(ACC, "job-1", "image-to-3d-mesh", Toolkit.MESH, NO_PARAMS,
                                "2026-11-01", credits(25), credits(25), credits(0), NOV_1),
                        new BalanceFellBelowThreshold(ACC, TWENTY_PERCENT, credits(5), credits(25), credits(0)),
                        new CreditsRanOut(ACC, credits(25)));
    }

    @Test
    void a_hold_lowers_the_spendable_balance_too() {
        Instant inAnHour = clock.instant().plus(Duration.ofHours(1));
        fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(25), null))
                .when(new ReserveCredits(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS, inAnHour))
                .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                        CreditAccountHoldsTest.holdWithItsExpiry(new CreditsReserved(ACC, "job-1", "image-to-3d-mesh", Toolkit.MESH,
                                NO_PARAMS, "2026-11-01", credits(25), credits(0), credits(25), null, inAnHour, null)),
                        CoreMatchers.<Object>equalTo(new CreditsRanOut(ACC, credits(25))), Matchers.andNoMore())));
    }

    @Test
    void after_a_top_up_the_next_fall_alerts_again() {
        fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), charge("job-1", "environment-map-to-world"),
                        charge("job-2", "motion-edit"), new TopUp(ACC, "pay-1", credits(10), null))
                .when(charge("job-3", "image-to-3d-mesh"))
                .expectEvents(new JobCharged(ACC, "job-3", "image-to-3d-mesh", Toolkit.MESH,
                                NO_PARAMS, "2026-11-01", credits(25), credits(15), credits(10), NOV_1),
                        new BalanceFellBelowThreshold(ACC, TWENTY_PERCENT, credits(20), credits(25), credits(0)),
                        new CreditsRanOut(ACC, credits(25)));
    }

    @Test
    void the_end_of_a_cycle_can_raise_alerts() {
        clock.whenTimeAdvancesTo(fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), new TopUp(ACC, "pay-1", credits(10), null)), DEC_1)
                .expectEvents(new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1));
        // a share of the allocation needs a running cycle; "ran out" does not
        clock.setTo(NOV_1.plus(Duration.ofDays(2)));
        clock.whenTimeAdvancesTo(fresh().givenCommands(new OpenAccount(ACC), renewNovember(100)), DEC_1)
                .expectEvents(new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1), new CreditsRanOut(ACC, credits(100)));
    }

    @Test
    void an_account_chooses_its_own_thresholds_and_the_defaults_no_longer_apply() {
        List<AlertThreshold> sixty = List.of(AlertThreshold.ofCredits(60));
        fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                .when(new ConfigureBalanceAlerts(ACC, sixty))
                .expectEvents(new BalanceAlertsConfigured(ACC, sixty));
        fresh().givenCommands(new OpenAccount(ACC), renewNovember(100), new ConfigureBalanceAlerts(ACC, sixty))
                .when(charge("job-1", "image-to-3d-mesh"))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(JobCharged.class)),
                        andNoMore()));
        fresh().givenCommands(new OpenAccount(ACC), renewNovember(100), new ConfigureBalanceAlerts(ACC, sixty),
                        charge("job-1", "image-to-3d-mesh"))
                .when(charge("job-2", "image-to-3d-mesh"))
                .expectEvents(new JobCharged(ACC, "job-2", "image-to-3d-mesh", Toolkit.MESH, NO_PARAMS,
                                "2026-11-01", credits(25), credits(25), credits(0), NOV_1),
                        new BalanceFellBelowThreshold(ACC, AlertThreshold.ofCredits(60), credits(60), credits(75), credits(50)));
    }

    @Test
    void the_same_settings_again_change_nothing_and_null_restores_the_defaults() {
        List<AlertThreshold> none = List.of();
        fixture.givenCommands(new OpenAccount(ACC), new ConfigureBalanceAlerts(ACC, none))
                .when(new ConfigureBalanceAlerts(ACC, none))
                .expectNoEvents()
                .expectResultMessagePayload(CommandResult.accepted(new Balance(credits(0), credits(0))).asDuplicate());
        fresh().givenCommands(new OpenAccount(ACC), renewNovember(25), new ConfigureBalanceAlerts(ACC, none),
                        new ConfigureBalanceAlerts(ACC, null))
                .when(charge("job-1", "image-to-3d-mesh"))
                .expectEventsMatching(exactSequenceOf(
                        messageWithPayload(instanceOf(JobCharged.class)),
                        messageWithPayload(instanceOf(BalanceFellBelowThreshold.class)),
                        messageWithPayload(instanceOf(CreditsRanOut.class)),
                        andNoMore()));
    }

    @Test
    void a_threshold_is_credits_or_a_share_between_1_and_100_percent() {
        assertThatThrownBy(() -> new AlertThreshold(credits(5), 10)).isInstanceOf(InvalidCommandException.class);
        assertThatThrownBy(() -> new AlertThreshold(null, null)).isInstanceOf(InvalidCommandException.class);
        assertThatThrownBy(() -> AlertThreshold.ofAllocation(0)).isInstanceOf(InvalidCommandException.class);
        assertThatThrownBy(() -> AlertThreshold.ofAllocation(101)).isInstanceOf(InvalidCommandException.class);
    }
}
