package com.creditledger.account;

import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Toolkit;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.creditledger.account.CommandResult.Status.ACCEPTED;
import static com.creditledger.account.CommandResult.Status.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CreditAccountTest {

    static final String ACC = "acc-1";
    static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant JAN_1 = Instant.parse("2027-01-01T00:00:00Z");
    static final Map<String, Long> NO_PARAMS = Map.of();
    static final Map<String, Long> MATERIAL_1K_2X = Map.of("width", 1024L, "height", 1024L, "upscale", 2L);

    /** Stories about credits leave alerts out; the alert stories below bring them back. */
    static final AlertPolicy NO_ALERTS = new AlertPolicy(java.util.List.of());

    AggregateTestFixture<CreditAccount> fixture;
    MutableClock clock = new MutableClock(NOV_1.plus(Duration.ofDays(2)));

    @BeforeEach
    void setUp() {
        fixture = AccountFixtures.fixture(clock, Policies.HOLDS, NO_ALERTS);
    }

    static Credits credits(long amount) {
        return Credits.of(amount);
    }

    static Balance balance(long subscription, long topUp) {
        return new Balance(credits(subscription), credits(topUp));
    }

    static RenewSubscription renewNovember(long monthly) {
        return new RenewSubscription(ACC, "pro", credits(monthly), NOV_1, DEC_1);
    }

    static RenewSubscription renewDecember(long monthly) {
        return new RenewSubscription(ACC, "pro", credits(monthly), DEC_1, JAN_1);
    }

    static JobCharged charged(String jobId, String tool, Toolkit toolkit, Map<String, Long> params, long total,
                              long fromSubscription, long fromTopUp, Instant cycleStart) {
        return new JobCharged(ACC, jobId, tool, toolkit, params, "2026-11-01", credits(total),
                credits(fromSubscription), credits(fromTopUp), cycleStart);
    }

    @Nested
    class OpeningAnAccount {

        @Test
        void opens_a_new_account_with_nothing_to_spend() {
            fixture.givenNoPriorActivity()
                    .when(new OpenAccount(ACC))
                    .expectEvents(new AccountOpened(ACC))
                    .expectResultMessagePayload(CommandResult.accepted(balance(0, 0)));
        }

        @Test
        void opening_an_existing_account_again_is_a_duplicate_that_changes_nothing() {
            fixture.given(new AccountOpened(ACC), new CreditsToppedUp(ACC, "pay-1", credits(50), null))
                    .when(new OpenAccount(ACC))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(balance(0, 50)).asDuplicate());
        }

        @Test
        void a_command_for_an_account_that_was_never_opened_finds_no_account() {
            fixture.givenNoPriorActivity()
                    .when(new TopUp(ACC, "pay-1", credits(10), null))
                    .expectException(AggregateNotFoundException.class);
        }

        @Test
        void account_ids_are_1_to_64_characters_of_a_safe_alphabet() {
            new OpenAccount("A.b_c:d-9");
            new OpenAccount("x".repeat(64));
            for (String bad : new String[]{"", "x".repeat(65), "acc 1", "acc/1", "äcc", null}) {
                assertThatThrownBy(() -> new OpenAccount(bad))
                        .isInstanceOfSatisfying(InvalidCommandException.class,
                                e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID_ACCOUNT_ID));
            }
        }
    }

    @Nested
    class Charging {

        @Test
        void spends_subscription_credits_before_top_up_credits() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), new TopUp(ACC, "pay-1", credits(100), null))
                    .when(new ChargeJob(ACC, "job-1", "text-to-environment-map", NO_PARAMS))
                    .expectEvents(charged("job-1", "text-to-environment-map", Toolkit.ENVIRONMENT, NO_PARAMS, 20, 10, 10, NOV_1))
                    .expectResultMessagePayload(CommandResult.accepted(credits(20), credits(10), credits(10), balance(0, 90)));
        }

        @Test
        void takes_the_price_from_the_catalog() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                    .when(new ChargeJob(ACC, "job-1", "text-to-material", MATERIAL_1K_2X))
                    .expectEvents(charged("job-1", "text-to-material", Toolkit.MATERIAL, MATERIAL_1K_2X, 18, 18, 0, NOV_1))
                    .expectResultMessagePayload(CommandResult.accepted(credits(18), credits(18), credits(0), balance(82, 0)));
        }

        @Test
        void prices_motion_per_action() {
            Map<String, Long> threeActions = Map.of("actions", 3L);
            fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(100), null))
                    .when(new ChargeJob(ACC, "job-1", "text-to-motion", threeActions))
                    .expectEvents(charged("job-1", "text-to-motion", Toolkit.MOTION, threeActions, 15, 0, 15, null));
        }

        @Test
        void refuses_a_charge_larger_than_all_available_credits_and_deducts_nothing() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(30), new TopUp(ACC, "pay-1", credits(40), null))
                    .when(new ChargeJob(ACC, "job-1", "environment-map-to-world", NO_PARAMS))
                    .expectEvents(new ChargeRejected(ACC, "job-1", "environment-map-to-world", NO_PARAMS,
                            RejectionReason.INSUFFICIENT_CREDITS, credits(80), credits(70)))
                    .expectResultMessagePayload(CommandResult.rejected(RejectionReason.INSUFFICIENT_CREDITS, null,
                            "the job costs 80 credits; 70 are available", balance(30, 40)).withCredits(credits(80)));
        }

        @Test
        void spends_the_balance_down_to_exactly_zero() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(5), new TopUp(ACC, "pay-1", credits(20), null))
                    .when(new ChargeJob(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS))
                    .expectResultMessagePayload(CommandResult.accepted(credits(25), credits(5), credits(20), balance(0, 0)));
        }

        @Test
        void an_unknown_tool_is_rejected_without_an_event() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                    .when(new ChargeJob(ACC, "job-1", "text-to-song", NO_PARAMS))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.UNKNOWN_TOOL, "tool"));
        }

        @Test
        void missing_or_out_of_range_parameters_are_rejected_naming_the_field() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                    .when(new ChargeJob(ACC, "job-1", "text-to-material", Map.of("width", 1024L, "height", 9000L, "upscale", 1L)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.INVALID_PARAMS, "params.height"));
        }

        @Test
        void zero_actions_are_out_of_range() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                    .when(new ChargeJob(ACC, "job-1", "text-to-motion", Map.of("actions", 0L)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.INVALID_PARAMS, "params.actions"));
        }
    }

    @Nested
    class Idempotency {

        @Test
        void a_charge_sent_again_returns_the_original_outcome_marked_duplicate() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100),
                            new ChargeJob(ACC, "job-1", "text-to-material", MATERIAL_1K_2X))
                    .when(new ChargeJob(ACC, "job-1", "text-to-material", MATERIAL_1K_2X))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(credits(18), credits(18), credits(0), balance(82, 0)).asDuplicate());
        }

        @Test
        void the_same_job_id_with_other_params_is_a_conflict_not_a_duplicate() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100),
                            new ChargeJob(ACC, "job-1", "text-to-material", MATERIAL_1K_2X))
                    .when(new ChargeJob(ACC, "job-1", "text-to-material", Map.of("width", 2048L, "height", 2048L, "upscale", 2L)))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
        }

        @Test
        void the_same_job_id_with_another_tool_is_a_conflict() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100),
                            new ChargeJob(ACC, "job-1", "motion-edit", NO_PARAMS))
                    .when(new ChargeJob(ACC, "job-1", "motion-stitch", NO_PARAMS))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
        }

        @Test
        void a_rejected_job_may_be_tried_again_after_a_top_up() {
            fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(10), null),
                            new ChargeJob(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS),
                            new TopUp(ACC, "pay-2", credits(15), null))
                    .when(new ChargeJob(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS))
                    .expectEvents(charged("job-1", "image-to-3d-mesh", Toolkit.MESH, NO_PARAMS, 25, 0, 25, null))
                    .expectResultMessagePayload(CommandResult.accepted(credits(25), credits(0), credits(25), balance(0, 0)));
        }

        @Test
        void a_top_up_sent_again_adds_nothing() {
            fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(500), "pack-500"))
                    .when(new TopUp(ACC, "pay-1", credits(500), "pack-500"))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(credits(500), null, credits(500), balance(0, 500)).asDuplicate());
        }

        @Test
        void the_same_payment_with_another_amount_is_a_conflict() {
            fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(500), "pack-500"))
                    .when(new TopUp(ACC, "pay-1", credits(5000), "pack-500"))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.IDEMPOTENCY_CONFLICT, "paymentId"));
        }

        @Test
        void a_renewal_sent_again_is_a_duplicate_even_after_credits_were_spent() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), new ChargeJob(ACC, "job-1", "motion-edit", NO_PARAMS))
                    .when(renewNovember(100))
                    .expectNoEvents()
                    .expectResultMessagePayload(CommandResult.accepted(credits(100), null, null, balance(95, 0)).asDuplicate());
        }

        @Test
        void the_same_period_with_other_terms_is_a_conflict() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                    .when(renewNovember(200))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.IDEMPOTENCY_CONFLICT, "periodStart"));
        }
    }

    @Nested
    class Renewals {

        @Test
        void a_renewal_resets_subscription_credits_and_expires_what_was_left() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), new TopUp(ACC, "pay-1", credits(50), null),
                    new ChargeJob(ACC, "job-1", "environment-map-to-world", NO_PARAMS));
            clock.setTo(DEC_1);
            given.when(renewDecember(300))
                    .expectEvents(new SubscriptionRenewed(ACC, "pro", credits(300), DEC_1, JAN_1, credits(20)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(300), null, null, balance(300, 50)))
                    .expectScheduledDeadlineWithName(JAN_1, CreditAccount.CYCLE_END);
        }

        @Test
        void a_renewal_for_a_period_not_after_the_current_one_is_rejected() {
            clock.setTo(DEC_1);
            fixture.givenCommands(new OpenAccount(ACC), renewDecember(100))
                    .when(renewNovember(100))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.STALE_PERIOD, "periodStart"));
        }

        @Test
        void a_renewal_before_its_period_starts_is_refused_and_the_running_cycle_goes_on() {
            fixture.givenCommands(new OpenAccount(ACC), renewNovember(100))
                    .when(renewDecember(300))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.PERIOD_NOT_STARTED, "periodStart"));
        }

        @Test
        void a_renewal_of_a_period_already_over_says_its_credits_expired_at_once() {
            clock.setTo(DEC_1.plusSeconds(5));
            fixture.givenCommands(new OpenAccount(ACC))
                    .when(renewNovember(100))
                    .expectEvents(new SubscriptionRenewed(ACC, "pro", credits(100), NOV_1, DEC_1, credits(0)),
                            new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1))
                    .expectResultMessagePayloadMatching(new org.hamcrest.TypeSafeMatcher<CommandResult>() {
                        @Override
                        protected boolean matchesSafely(CommandResult answer) {
                            return answer.isAccepted() && credits(100).equals(answer.expired()) && answer.balance().equals(balance(0, 0))
                                    && answer.message().contains("100 credits expired at once");
                        }

                        @Override
                        public void describeTo(org.hamcrest.Description description) {
                            description.appendText("accepted, 100 credits expired at once");
                        }
                    });
        }

        @Test
        void a_period_must_end_after_it_starts() {
            fixture.givenCommands(new OpenAccount(ACC))
                    .when(new RenewSubscription(ACC, "pro", credits(100), DEC_1, NOV_1))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.INVALID_PERIOD, "periodEnd"));
        }

        @Test
        void top_ups_must_add_at_least_one_credit() {
            fixture.givenCommands(new OpenAccount(ACC))
                    .when(new TopUp(ACC, "pay-1", credits(0), null))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.INVALID_AMOUNT, "credits"));
        }
    }

    @Nested
    class CycleBoundaries {

        @Test
        void the_cycle_end_deadline_expires_unused_subscription_credits() {
            clock.whenTimeAdvancesTo(fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), new TopUp(ACC, "pay-1", credits(7), null)), DEC_1)
                    .expectEvents(new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1));
        }

        @Test
        void a_cycle_end_that_fires_a_minute_early_expires_nothing_and_looks_again_when_this_clock_reaches_its_time() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100));
            clock.setTo(DEC_1.minusSeconds(60));
            given.whenThenTimeAdvancesTo(DEC_1)
                    .expectNoEvents()
                    .expectScheduledDeadlineWithName(DEC_1.plusSeconds(60), CreditAccount.CYCLE_END);
        }

        @Test
        void after_the_period_ends_a_charge_records_the_expiry_and_uses_top_up_credits_only() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100), new TopUp(ACC, "pay-1", credits(30), null));
            clock.setTo(DEC_1.plusSeconds(1));
            given.when(new ChargeJob(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS))
                    .expectEvents(new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1),
                            charged("job-1", "image-to-3d-mesh", Toolkit.MESH, NO_PARAMS, 25, 0, 25, null))
                    .expectResultMessagePayload(CommandResult.accepted(credits(25), credits(0), credits(25), balance(0, 5)));
        }

        @Test
        void subscription_credits_are_still_spendable_one_instant_before_the_period_ends() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100));
            clock.setTo(DEC_1.minusNanos(1));
            given.when(new ChargeJob(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS))
                    .expectEvents(charged("job-1", "image-to-3d-mesh", Toolkit.MESH, NO_PARAMS, 25, 25, 0, NOV_1));
        }

        @Test
        void after_the_period_ends_a_charge_beyond_top_up_credits_is_rejected() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100));
            clock.setTo(DEC_1);
            given.when(new ChargeJob(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS))
                    .expectEvents(new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1),
                            new ChargeRejected(ACC, "job-1", "image-to-3d-mesh", NO_PARAMS,
                                    RejectionReason.INSUFFICIENT_CREDITS, credits(25), credits(0)));
        }

        @Test
        void a_late_renewal_after_the_expiry_expires_nothing_more() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(100));
            clock.setTo(DEC_1.plusSeconds(60));
            given.andGivenCommands(new TopUp(ACC, "pay-1", credits(10), null))
                    .when(renewDecember(100))
                    .expectEvents(new SubscriptionRenewed(ACC, "pro", credits(100), DEC_1, JAN_1, credits(0)));
        }
    }

    @Nested
    class Refunds {

        @Test
        void a_refund_in_the_same_cycle_returns_credits_to_the_buckets_they_came_from() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), new TopUp(ACC, "pay-1", credits(100), null),
                            new ChargeJob(ACC, "job-1", "image-to-environment-map", NO_PARAMS))
                    .when(new RefundJob(ACC, "job-1", "generation failed"))
                    .expectEvents(new JobRefunded(ACC, "job-1", "image-to-environment-map", Toolkit.ENVIRONMENT,
                            "generation failed", credits(10), credits(15), credits(0)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(25), credits(10), credits(15), balance(10, 100)));
        }

        @Test
        void a_refund_across_a_renewal_keeps_the_old_cycles_subscription_part_expired() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), new TopUp(ACC, "pay-1", credits(100), null),
                    new ChargeJob(ACC, "job-1", "image-to-environment-map", NO_PARAMS));
            clock.setTo(DEC_1);
            given.andGivenCommands(renewDecember(50))
                    .when(new RefundJob(ACC, "job-1", "generation failed"))
                    .expectEvents(new JobRefunded(ACC, "job-1", "image-to-environment-map", Toolkit.ENVIRONMENT,
                            "generation failed", credits(0), credits(15), credits(10)))
                    .expectResultMessagePayload(CommandResult.accepted(credits(15), credits(0), credits(15), balance(50, 100)));
        }

        @Test
        void a_refund_after_the_cycle_expired_without_renewal_gives_back_only_top_up_credits() {
            var given = fixture.givenCommands(new OpenAccount(ACC), renewNovember(10), new TopUp(ACC, "pay-1", credits(100), null),
                            new ChargeJob(ACC, "job-1", "image-to-environment-map", NO_PARAMS));
            clock.setTo(DEC_1.plusSeconds(5));
            given.when(new RefundJob(ACC, "job-1", "generation failed"))
                    .expectEvents(new SubscriptionCreditsExpired(ACC, credits(0), NOV_1, DEC_1),
                            new JobRefunded(ACC, "job-1", "image-to-environment-map", Toolkit.ENVIRONMENT,
                                    "generation failed", credits(0), credits(15), credits(10)));
        }

        @Test
        void a_refund_sent_again_with_another_reason_is_a_conflict() {
            fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(100), null),
                            new ChargeJob(ACC, "job-1", "motion-edit", NO_PARAMS), new RefundJob(ACC, "job-1", "failed"))
                    .when(new RefundJob(ACC, "job-1", "customer goodwill"))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
        }

        @Test
        void refunding_twice_is_rejected_and_changes_nothing() {
            fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(100), null),
                            new ChargeJob(ACC, "job-1", "motion-edit", NO_PARAMS), new RefundJob(ACC, "job-1", "failed"))
                    .when(new RefundJob(ACC, "job-1", "failed"))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.ALREADY_REFUNDED, "jobId"));
        }

        @Test
        void refunding_a_job_that_was_never_charged_is_rejected() {
            fixture.givenCommands(new OpenAccount(ACC), new TopUp(ACC, "pay-1", credits(100), null),
                            new ChargeJob(ACC, "job-2", "image-to-3d-mesh", Map.of("actions", 1L)))
                    .when(new RefundJob(ACC, "job-2", "failed"))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(result(REJECTED, RejectionReason.UNKNOWN_JOB, "jobId"));
        }
    }

    static org.hamcrest.Matcher<CommandResult> result(CommandResult.Status status, RejectionReason reason, String field) {
        return new org.hamcrest.TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(CommandResult result) {
                return result.status() == status && result.reason() == reason
                        && java.util.Objects.equals(result.field(), field) && result.message() != null;
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText(status + " " + reason + " on field " + field + " with a message");
            }
        };
    }
}
