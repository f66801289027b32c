package com.creditledger.account.hold;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountEvent.CaptureRejected;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.Split;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.NOV_1;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.actions;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.held;
import static com.creditledger.account.decision.Story.november;
import static com.creditledger.account.decision.Story.topUp;
import static org.assertj.core.api.Assertions.assertThat;

class CapturesTest {

    static final CreditsReserved HOLD = held("job-1", 4, 20, NOW.plus(Duration.ofHours(1))).withExpiryDeadlineId("expiry-1");

    @Test
    void a_lower_final_price_is_taken_from_the_hold_and_the_rest_goes_back() {
        Decision decision = given(november(100), HOLD).when(Captures::decide, new CaptureCharge(ACC, "job-1", actions(3)), NOW);
        assertThat(decision.events()).containsExactly(HoldCaptured.of(HOLD, actions(3), HOLD.catalogVersion(), credits(15),
                new Split(credits(15), credits(0)), null, new Split(credits(5), credits(0)), credits(0)));
        assertThat(decision.answer().credits()).isEqualTo(credits(15));
        assertThat(decision.answer().balance().total()).isEqualTo(credits(85));
        assertThat(decision.deadlines()).containsExactly(new Deadline.CancelHoldExpiry("expiry-1"));
    }

    @Test
    void a_higher_final_price_takes_the_extra_from_the_available_credits_of_the_running_cycle() {
        Decision decision = given(november(100), HOLD).when(Captures::decide, new CaptureCharge(ACC, "job-1", actions(6)), NOW);
        HoldCaptured captured = (HoldCaptured) decision.events().get(0);
        assertThat(captured.charged()).isEqualTo(new Split(credits(30), credits(0)));
        assertThat(captured.extraFromSubscription()).isEqualTo(credits(10));
        assertThat(captured.extraCycleStart()).isEqualTo(NOV_1);
    }

    @Test
    void an_extra_beyond_the_available_credits_is_refused_and_recorded_and_the_hold_stays_open() {
        Decision decision = given(topUp(25), held("job-1", 4, 0, NOW.plusSeconds(60)))
                .when(Captures::decide, new CaptureCharge(ACC, "job-1", actions(6)), NOW);
        assertThat(decision.events()).containsExactly(new CaptureRejected(ACC, "job-1", actions(6),
                RejectionReason.INSUFFICIENT_CREDITS, credits(30), credits(20), credits(5)));
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.INSUFFICIENT_CREDITS);
        assertThat(decision.answer().credits()).isEqualTo(credits(30));
        assertThat(decision.deadlines()).isEmpty();
    }

    @Test
    void a_hold_past_its_expiry_is_expired_first_and_the_capture_refused() {
        CreditsReserved overdue = held("job-1", 4, 20, NOW);
        Decision decision = given(november(100), overdue).when(Captures::decide, new CaptureCharge(ACC, "job-1", null), NOW);
        assertThat(decision.events()).containsExactly(HoldExpired.of(overdue, credits(20)));
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.HOLD_EXPIRED);
    }

    @Test
    void final_params_that_cannot_be_priced_change_nothing_not_even_what_time_has_settled() {
        Decision decision = given(november(100), HOLD, held("job-2", 1, 5, NOW))
                .when(Captures::decide, new CaptureCharge(ACC, "job-1", actions(-1)), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.INVALID_PARAMS);
    }

    @Test
    void a_job_that_never_held_anything_is_no_hold() {
        Decision decision = given(november(100)).when(Captures::decide, new CaptureCharge(ACC, "job-9", null), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.UNKNOWN_HOLD);
    }
}
