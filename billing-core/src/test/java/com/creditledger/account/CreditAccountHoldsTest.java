package com.creditledger.account;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.CaptureRejected;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.ReservationRejected;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.matchers.Matchers;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Holds for running jobs: reserve, capture, release, expiry, and holds across a renewal. */
class CreditAccountHoldsTest {

    static final String ACC = "acc-1";
    static final String VERSION = "2026-11-01";
    static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant JAN_1 = Instant.parse("2027-01-01T00:00:00Z");
    static final Instant NOW = NOV_1.plus(Duration.ofDays(2));
    static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));
    static final Map<String, Long> NO_PARAMS = Map.of();

    AggregateTestFixture<CreditAccount> fixture;
    MutableClock clock = new MutableClock(NOW);

    @BeforeEach
    void setUp() {
        fixture = fixture(Policies.HOLDS);
    }

    private AggregateTestFixture<CreditAccount> fixture(HoldPolicy holds) {
        return AccountFixtures.fixture(clock, holds, new AlertPolicy(List.of()));
    }

    static Credits credits(long amount) {
        return Credits.of(amount);
    }

    static Balance balance(long subscription, long topUp, long heldSubscription, long heldTopUp) {
        return new Balance(credits(subscription), credits(topUp), new Balance.Held(credits(heldSubscription), credits(heldTopUp)));
    }

    static Map<String, Long> actions(long actions) {
        return Map.of("actions", actions);
    }

    static RenewSubscription renewNovember(long monthly) {
        return new RenewSubscription(ACC, "pro", credits(monthly), NOV_1, DEC_1);
    }

    static TopUp topUp(long credits) {
        return new TopUp(ACC, "pay-" + credits, credits(credits), null);
    }

    static ReserveCredits reserve(String jobId, String tool, Map<String, Long> params) {
        return new ReserveCredits(ACC, jobId, tool, params, null);
    }

    /** A hold for {@code n} motion actions (5 credits each), expiring in an hour. */
    static ReserveCredits reserveMotion(String jobId, long n) {
        return reserve(jobId, "text-to-motion", actions(n));
    }

    static CreditsReserved reservedMotion(String jobId, long n, long fromSubscription, long fromTopUp, Instant cycleStart) {
        return new CreditsReserved(ACC, jobId, "text-to-motion", Toolkit.MOTION, actions(n), VERSION, credits(5 * n),
                credits(fromSubscription), credits(fromTopUp), cycleStart, IN_AN_HOUR, null);
    }

    /** The hold as expected, with whatever id the fixture's deadline manager gave its expiry. */
    static Matcher<Object> holdWithItsExpiry(CreditsReserved expected) {
        return Matchers.predicate(actual -> actual instanceof CreditsReserved hold && hold.expiryDeadlineId() != null
                && hold.equals(new CreditsReserved(expected.accountId(), expected.jobId(), expected.tool(), expected.toolkit(),
                expected.params(), expected.catalogVersion(), expected.credits(), expected.fromSubscription(), expected.fromTopUp(),
                expected.cycleStart(), expected.expiresAt(), hold.expiryDeadlineId())));
    }

    static HoldCaptured capturedMotion(String jobId, long n, long fromSubscription, long fromTopUp, Instant cycleStart,
                                       Instant extraCycleStart, long heldSubscription, long heldTopUp, long releasedSubscription, long releasedTopUp,
                                       long forfeited) {
        return new HoldCaptured(ACC, jobId, "text-to-motion", Toolkit.MOTION, actions(n), VERSION, credits(5 * n),
                credits(fromSubscription), credits(fromTopUp), cycleStart, extraCycleStart, credits(heldSubscription), credits(heldTopUp),
                credits(releasedSubscription), credits(releasedTopUp), credits(forfeited));
    }

    @Nested
    class Reserving {

        @Test
        void holds_the_price_subscription_first_and_records_the_split() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100))
                    .when(reserveMotion("job-1", 4))
                    .expectEventsMatching(Matchers.payloadsMatching(Matchers.exactSequenceOf(
                            holdWithItsExpiry(reservedMotion("job-1", 4, 10, 10, NOV_1)), Matchers.andNoMore())))
                    .expectScheduledDeadlineWithName(IN_AN_HOUR, CreditAccount.HOLD_EXPIRY)
                    .expectResultMessagePayload(CommandResult.accepted(credits(20), credits(10), credits(10),
                            balance(0, 90, 10, 10)).expiringAt(IN_AN_HOUR));
        }

        @Test
        void held_credits_cannot_be_spent_by_another_job() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(30), reserveMotion("job-1", 5))
                    .when(new ChargeJob(ACC, "job-2", "motion-edit", NO_PARAMS))
                    .expectResultMessagePayload(CommandResult.accepted(credits(5), credits(5), credits(0), balance(0, 0, 25, 0)));
        }

        @Test
        void concurrent_holds_that_together_exceed_the_balance_leave_the_second_unheld() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(40), reserveMotion("job-1", 5))
                    .when(reserveMotion("job-2", 5))
                    .expectEvents(new ReservationRejected(ACC, "job-2", "text-to-motion", actions(5), RejectionReason.INSUFFICIENT_CREDITS,
                            credits(25), credits(15)))
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.INSUFFICIENT_CREDITS, null,
                            "the job costs 25 credits; 15 are available", balance(15, 0, 25, 0)).withCredits(credits(25)));
        }

        @Test
        void a_chosen_expiry_is_kept_and_must_be_in_the_future_and_within_the_maximum() {
            Instant inTenMinutes = NOW.plus(Duration.ofMinutes(10));
            fixture.givenCommands(new OpenAccount(ACC), topUp(100))
                    .when(new ReserveCredits(ACC, "job-1", "motion-edit", NO_PARAMS, inTenMinutes))
                    .expectScheduledDeadlineWithName(inTenMinutes, CreditAccount.HOLD_EXPIRY)
                    .expectResultMessagePayload(CommandResult.accepted(credits(5), credits(0), credits(5), balance(0, 95, 0, 5))
                            .expiringAt(inTenMinutes));
            for (Instant bad : new Instant[]{NOW, NOW.minusSeconds(1), NOW.plus(Duration.ofDays(7)).plusSeconds(1)}) {
                fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100))
                        .when(new ReserveCredits(ACC, "job-1", "motion-edit", NO_PARAMS, bad))
                        .expectNoEvents()
                        .expectResultMessagePayload(CommandResult.rejected(RejectionReason.INVALID_EXPIRY, "expiresAt",
                                "expiresAt must be in the future and at most PT168H from now", balance(0, 100, 0, 0)));
            }
        }

        @Test
        void an_account_has_a_bounded_number_of_open_holds() {
            fixture(new HoldPolicy(Duration.ofHours(1), Duration.ofDays(1), 2))
                    .givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 1), reserveMotion("job-2", 1))
                    .when(reserveMotion("job-3", 1))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.TOO_MANY_HOLDS, "jobId",
                            "the account already has 2 open holds, the most allowed", balance(0, 90, 0, 10)));
        }

        @Test
        void a_resent_reservation_is_a_duplicate_and_other_terms_under_its_job_id_conflict() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 2))
                    .when(reserveMotion("job-1", 2))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(credits(10), credits(0), credits(10), balance(0, 90, 0, 10))
                            .expiringAt(IN_AN_HOUR).asDuplicate());
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 2))
                    .when(reserveMotion("job-1", 3))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(CreditAccountTest.result(CommandResult.Status.REJECTED,
                            RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
        }

        @Test
        void a_reservation_resent_after_its_credits_went_back_says_so_and_after_a_capture_repeats_itself() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 2), new ReleaseHold(ACC, "job-1", "failed"))
                    .when(reserveMotion("job-1", 2))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.HOLD_RELEASED, "jobId",
                            "the hold of job job-1 was released", balance(0, 100, 0, 0)).asDuplicate());
            var overdue = fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 2));
            clock.setTo(IN_AN_HOUR);
            overdue.when(reserveMotion("job-1", 2))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.HOLD_EXPIRED, "jobId",
                            "the hold of job job-1 expired at " + IN_AN_HOUR, balance(0, 100, 0, 0)).asDuplicate());
            clock.setTo(NOW);
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 2),
                            new CaptureCharge(ACC, "job-1", null))
                    .when(reserveMotion("job-1", 2))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(credits(10), credits(0), credits(10), balance(0, 90, 0, 0))
                            .expiringAt(IN_AN_HOUR).asDuplicate());
        }

        @Test
        void a_job_id_is_either_charged_or_held_never_both() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), new ChargeJob(ACC, "job-1", "motion-edit", NO_PARAMS))
                    .when(reserve("job-1", "motion-edit", NO_PARAMS))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(CreditAccountTest.result(CommandResult.Status.REJECTED,
                            RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserve("job-1", "motion-edit", NO_PARAMS))
                    .when(new ChargeJob(ACC, "job-1", "motion-edit", NO_PARAMS))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(CreditAccountTest.result(CommandResult.Status.REJECTED,
                            RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
        }
    }

    @Nested
    class Capturing {

        @Test
        void at_the_held_price_the_hold_becomes_the_charge() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4))
                    .when(new CaptureCharge(ACC, "job-1", null))
                    .expectEvents(capturedMotion("job-1", 4, 10, 10, NOV_1, null, 10, 10, 0, 0, 0))
                    .expectResultMessagePayload(CommandResult.accepted(credits(20), credits(10), credits(10), balance(0, 90, 0, 0)));
        }

        @Test
        void a_lower_final_price_releases_the_remainder_to_its_buckets() {
            // held 10 subscription + 10 top-up; the job did 3 actions, 15 credits: subscription first, 5 top-up back
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4))
                    .when(new CaptureCharge(ACC, "job-1", actions(3)))
                    .expectEvents(capturedMotion("job-1", 3, 10, 5, NOV_1, null, 10, 10, 0, 5, 0))
                    .expectResultMessagePayload(CommandResult.accepted(credits(15), credits(10), credits(5), balance(0, 95, 0, 0)));
        }

        @Test
        void a_higher_final_price_takes_the_difference_from_available_credits_subscription_first() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(20), topUp(100), reserveMotion("job-1", 2))
                    .when(new CaptureCharge(ACC, "job-1", actions(5)))
                    // held 10 subscription; 15 more: the 10 subscription credits left, then 5 top-up
                    .expectEvents(capturedMotion("job-1", 5, 20, 5, NOV_1, NOV_1, 10, 0, 0, 0, 0))
                    .expectResultMessagePayload(CommandResult.accepted(credits(25), credits(20), credits(5), balance(0, 95, 0, 0)));
        }

        @Test
        void a_higher_final_price_the_account_cannot_pay_is_refused_and_the_hold_stays() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(12), reserveMotion("job-1", 2))
                    .when(new CaptureCharge(ACC, "job-1", actions(3)))
                    .expectEvents(new CaptureRejected(ACC, "job-1", actions(3), RejectionReason.INSUFFICIENT_CREDITS,
                            credits(15), credits(10), credits(2)))
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.INSUFFICIENT_CREDITS, null,
                            "the final price 15 exceeds the hold of 10 by 5 credits; 2 are available", balance(0, 2, 0, 10))
                            .withCredits(credits(15)));
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(12), reserveMotion("job-1", 2),
                            new CaptureCharge(ACC, "job-1", actions(3)))
                    .when(new CaptureCharge(ACC, "job-1", actions(2)))
                    .expectEvents(capturedMotion("job-1", 2, 0, 10, null, null, 0, 10, 0, 0, 0));
        }

        @Test
        void final_params_are_priced_by_the_catalog_and_checked_like_a_charge() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 2))
                    .when(new CaptureCharge(ACC, "job-1", Map.of("actions", 0L)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(CreditAccountTest.result(CommandResult.Status.REJECTED,
                            RejectionReason.INVALID_PARAMS, "params.actions"));
        }

        @Test
        void a_resent_capture_repeats_its_outcome_and_other_params_conflict() {
            var given = fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4),
                    new CaptureCharge(ACC, "job-1", actions(3)));
            given.when(new CaptureCharge(ACC, "job-1", actions(3)))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(credits(15), credits(0), credits(15), balance(0, 85, 0, 0))
                            .asDuplicate());
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4),
                            new CaptureCharge(ACC, "job-1", actions(3)))
                    .when(new CaptureCharge(ACC, "job-1", actions(4)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(CreditAccountTest.result(CommandResult.Status.REJECTED,
                            RejectionReason.IDEMPOTENCY_CONFLICT, "params"));
        }

        @Test
        void a_hold_that_was_released_or_never_existed_cannot_be_captured() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4), new ReleaseHold(ACC, "job-1", "failed"))
                    .when(new CaptureCharge(ACC, "job-1", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.HOLD_RELEASED, "jobId",
                            "the hold of job job-1 was released", balance(0, 100, 0, 0)));
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100))
                    .when(new CaptureCharge(ACC, "job-9", null))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.UNKNOWN_HOLD, "jobId",
                            "job job-9 holds no credits on this account", balance(0, 100, 0, 0)));
        }

        @Test
        void a_captured_job_is_refunded_like_a_charge() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4),
                            new CaptureCharge(ACC, "job-1", null))
                    .when(new RefundJob(ACC, "job-1", "bad output"))
                    .expectEvents(new JobRefunded(ACC, "job-1", "text-to-motion", Toolkit.MOTION, "bad output",
                            credits(10), credits(10), credits(0)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(20), credits(10), credits(10), balance(10, 100, 0, 0)));
        }

        @Test
        void a_held_job_that_was_not_captured_cannot_be_refunded() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4))
                    .when(new RefundJob(ACC, "job-1", "bad output"))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.UNKNOWN_JOB, "jobId",
                            "job job-1 held credits but was never charged: release its hold instead", balance(0, 80, 0, 20)));
        }
    }

    @Nested
    class Releasing {

        @Test
        void gives_each_held_credit_back_to_its_bucket() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4))
                    .when(new ReleaseHold(ACC, "job-1", "generation failed"))
                    .expectEvents(new HoldReleased(ACC, "job-1", "text-to-motion", Toolkit.MOTION, "generation failed",
                            credits(10), credits(10), credits(10), credits(10), credits(0)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(20), credits(10), credits(10), balance(10, 100, 0, 0)));
        }

        @Test
        void a_release_sent_again_with_another_reason_is_a_conflict() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4), new ReleaseHold(ACC, "job-1", "failed"))
                    .when(new ReleaseHold(ACC, "job-1", "cancelled by the user"))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(CreditAccountTest.result(CommandResult.Status.REJECTED,
                            RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
        }

        @Test
        void a_resent_release_is_a_duplicate_and_a_captured_hold_cannot_be_released() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4), new ReleaseHold(ACC, "job-1", "failed"))
                    .when(new ReleaseHold(ACC, "job-1", "failed"))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(credits(20), credits(0), credits(20), balance(0, 100, 0, 0))
                            .asDuplicate());
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4),
                            new CaptureCharge(ACC, "job-1", null))
                    .when(new ReleaseHold(ACC, "job-1", "failed"))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.HOLD_CAPTURED, "jobId",
                            "the hold of job job-1 was captured", balance(0, 80, 0, 0)));
        }
    }

    @Nested
    class Expiring {

        static final HoldExpired EXPIRED_JOB_1 = new HoldExpired(ACC, "job-1", "text-to-motion", Toolkit.MOTION, IN_AN_HOUR,
                credits(10), credits(10), credits(10), credits(10), credits(0));

        @Test
        void a_hold_neither_captured_nor_released_is_released_by_its_deadline() {
            clock.whenTimeAdvancesTo(fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4)), IN_AN_HOUR)
                    .expectDeadlinesMet(new CreditAccount.HoldExpiry("job-1"))
                    .expectEvents(EXPIRED_JOB_1);
        }

        @Test
        void a_capture_or_a_release_cancels_the_expiry_deadline() {
            fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4))
                    .when(new CaptureCharge(ACC, "job-1", null))
                    .expectNoScheduledDeadlines();
            fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4))
                    .when(new ReleaseHold(ACC, "job-1", "failed"))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void an_expiry_that_fires_a_minute_early_leaves_the_hold_held_and_looks_again_when_this_clock_reaches_its_time() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4));
            clock.setTo(IN_AN_HOUR.minusSeconds(60));
            given.whenThenTimeAdvancesTo(IN_AN_HOUR)
                    .expectNoEvents()
                    .expectScheduledDeadlineWithName(IN_AN_HOUR.plusSeconds(60), CreditAccount.HOLD_EXPIRY);
        }

        @Test
        void within_a_minute_of_its_time_the_expiry_is_left_to_fire_as_the_scheduler_may_be_running_it() {
            var given = fixture.givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4));
            clock.setTo(IN_AN_HOUR.minusSeconds(59));
            given.when(new CaptureCharge(ACC, "job-1", null))
                    .expectScheduledDeadlineWithName(IN_AN_HOUR, CreditAccount.HOLD_EXPIRY);
            var again = fixture(Policies.HOLDS).givenCommands(new OpenAccount(ACC), topUp(100), reserveMotion("job-1", 4));
            clock.setTo(IN_AN_HOUR.minusSeconds(61));
            again.when(new CaptureCharge(ACC, "job-1", null))
                    .expectNoScheduledDeadlines();
        }

        @Test
        void the_deadline_of_a_hold_that_a_command_found_overdue_does_nothing() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4));
            clock.setTo(IN_AN_HOUR.plusSeconds(1));
            clock.whenTimeAdvancesTo(given.andGivenCommands(new CaptureCharge(ACC, "job-1", null)), IN_AN_HOUR.plusSeconds(1))
                    .expectDeadlinesMet(new CreditAccount.HoldExpiry("job-1"))
                    .expectNoEvents();
        }

        @Test
        void an_overdue_hold_whose_deadline_has_not_fired_is_expired_by_the_next_command() {
            clock.setTo(IN_AN_HOUR.plusSeconds(1));
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100))
                    .andGiven(reservedMotion("job-1", 4, 10, 10, NOV_1))
                    .when(new CaptureCharge(ACC, "job-1", null))
                    .expectEvents(EXPIRED_JOB_1)
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.HOLD_EXPIRED, "jobId",
                            "the hold of job job-1 expired at " + IN_AN_HOUR, balance(10, 100, 0, 0)));
        }

        @Test
        void a_capture_with_unpriceable_params_leaves_another_overdue_hold_for_the_next_valid_command() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4));
            clock.setTo(IN_AN_HOUR.minusSeconds(1));
            given = given.andGivenCommands(reserveMotion("job-2", 1));
            clock.setTo(IN_AN_HOUR.plusSeconds(1));
            given.when(new CaptureCharge(ACC, "job-2", Map.of("actions", 0L)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(CreditAccountTest.result(CommandResult.Status.REJECTED,
                            RejectionReason.INVALID_PARAMS, "params.actions"));
        }

        @Test
        void after_expiry_capture_and_release_are_refused() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4));
            clock.setTo(IN_AN_HOUR.plusSeconds(1));
            given.andGivenCommands(new CaptureCharge(ACC, "job-1", null))
                    .when(new ReleaseHold(ACC, "job-1", "failed"))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.HOLD_EXPIRED, "jobId",
                            "the hold of job job-1 expired at " + IN_AN_HOUR, balance(10, 100, 0, 0)));
        }

        @Test
        void an_overdue_hold_is_shown_as_released_before_anything_records_it() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), topUp(100), reserveMotion("job-1", 4));
            clock.setTo(IN_AN_HOUR);
            given.when(new OpenAccount(ACC))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(balance(10, 100, 0, 0)).asDuplicate());
        }
    }

    @Nested
    class AcrossARenewal {

        static final Instant DEC_2 = DEC_1.plus(Duration.ofDays(1));

        @BeforeEach
        void holdsMayOutliveTheCycle() {
            fixture = fixture(new HoldPolicy(Duration.ofHours(1), Duration.ofDays(60), 1000));
        }

        /** November: 100 subscription credits, 25 of them held for five actions until mid-December. */
        private ReserveCredits heldIntoDecember() {
            return new ReserveCredits(ACC, "job-1", "text-to-motion", actions(5), DEC_1.plus(Duration.ofDays(5)));
        }

        @Test
        void a_renewal_expires_only_the_available_subscription_credits_and_the_hold_can_still_be_captured() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), heldIntoDecember());
            clock.setTo(DEC_2);
            given.when(new RenewSubscription(ACC, "pro", credits(50), DEC_1, JAN_1))
                    .expectEvents(new SubscriptionRenewed(ACC, "pro", credits(50), DEC_1, JAN_1, credits(75)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(50), null, null, balance(50, 0, 25, 0)));
        }

        @Test
        void held_credits_of_the_ended_cycle_are_captured_by_the_normal_rules() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), heldIntoDecember());
            clock.setTo(DEC_2);
            given.andGivenCommands(new RenewSubscription(ACC, "pro", credits(50), DEC_1, JAN_1))
                    .when(new CaptureCharge(ACC, "job-1", null))
                    .expectEvents(new HoldCaptured(ACC, "job-1", "text-to-motion", Toolkit.MOTION, actions(5), VERSION, credits(25),
                            credits(25), credits(0), NOV_1, null, credits(25), credits(0), credits(0), credits(0), credits(0)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(25), credits(25), credits(0), balance(50, 0, 0, 0)));
        }

        @Test
        void what_a_capture_leaves_of_the_ended_cycle_expires_instead_of_returning() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), heldIntoDecember());
            clock.setTo(DEC_2);
            given.andGivenCommands(new RenewSubscription(ACC, "pro", credits(50), DEC_1, JAN_1))
                    .when(new CaptureCharge(ACC, "job-1", actions(2)))
                    .expectEvents(new HoldCaptured(ACC, "job-1", "text-to-motion", Toolkit.MOTION, actions(2), VERSION, credits(10),
                            credits(10), credits(0), NOV_1, null, credits(25), credits(0), credits(0), credits(0), credits(15)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(10), credits(10), credits(0), balance(50, 0, 0, 0)));
        }

        @Test
        void a_refund_gives_each_part_of_a_capture_back_only_into_its_own_running_cycle() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), heldIntoDecember());
            clock.setTo(DEC_2);
            // held 25 of November; the job did 8 actions (40): 15 more from December's credits
            given.andGivenCommands(new RenewSubscription(ACC, "pro", credits(50), DEC_1, JAN_1),
                            new CaptureCharge(ACC, "job-1", actions(8)))
                    .when(new RefundJob(ACC, "job-1", "bad output"))
                    .expectEvents(new JobRefunded(ACC, "job-1", "text-to-motion", Toolkit.MOTION, "bad output",
                            credits(15), credits(0), credits(25)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(15), credits(15), credits(0), balance(50, 0, 0, 0)));
        }

        @Test
        void released_subscription_credits_of_the_ended_cycle_expire_with_it() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), topUp(7), heldIntoDecember());
            clock.setTo(DEC_2);
            given.andGivenCommands(new RenewSubscription(ACC, "pro", credits(50), DEC_1, JAN_1))
                    .when(new ReleaseHold(ACC, "job-1", "cancelled"))
                    .expectEvents(new HoldReleased(ACC, "job-1", "text-to-motion", Toolkit.MOTION, "cancelled",
                            credits(25), credits(0), credits(0), credits(0), credits(25)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(0), credits(0), credits(0), balance(50, 7, 0, 0)));
        }

        @Test
        void a_cycle_that_ends_without_renewal_keeps_its_held_credits_held() {
            clock.whenTimeAdvancesTo(fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), heldIntoDecember()), DEC_1)
                    .expectEvents(new SubscriptionCreditsExpired(ACC, credits(75), NOV_1, DEC_1));
        }

        @Test
        void a_hold_due_at_the_very_end_of_the_period_expires_with_the_cycle_once() {
            clock.whenTimeAdvancesTo(fixture.givenCommands(new OpenAccount(ACC), renewNovember(100),
                            new ReserveCredits(ACC, "job-1", "text-to-motion", actions(5), DEC_1)), DEC_1)
                    .expectEvents(new SubscriptionCreditsExpired(ACC, credits(75), NOV_1, DEC_1),
                            new HoldExpired(ACC, "job-1", "text-to-motion", Toolkit.MOTION, DEC_1,
                                    credits(25), credits(0), credits(0), credits(0), credits(25)));
        }

        @Test
        void a_hold_that_expired_before_the_renewal_is_settled_in_its_own_cycle_first() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), reserveMotion("job-1", 5));
            clock.setTo(DEC_2);
            given.when(new RenewSubscription(ACC, "pro", credits(50), DEC_1, JAN_1))
                    .expectEvents(
                            new HoldExpired(ACC, "job-1", "text-to-motion", Toolkit.MOTION, IN_AN_HOUR,
                                    credits(25), credits(0), credits(25), credits(0), credits(0)),
                            new SubscriptionRenewed(ACC, "pro", credits(50), DEC_1, JAN_1, credits(100)));
        }
    }
}
