package com.creditledger.account.idempotency;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Story;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.actions;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.held;
import static com.creditledger.account.decision.Story.november;
import static com.creditledger.account.decision.Story.topUp;
import static org.assertj.core.api.Assertions.assertThat;

class RepeatsTest {

    @Test
    void a_request_never_seen_is_left_to_the_deciders() {
        Story story = given(november(100));
        assertThat(Repeats.answer(new TopUp(ACC, "pay-1", credits(5), null), story.state(), story.at(NOW))).isEmpty();
    }

    @Test
    void the_same_request_again_gets_its_first_answer_marked_duplicate() {
        Story story = given(topUp(50));
        CommandResult answer = Repeats.answer(new TopUp(ACC, "pay-50", credits(50), null), story.state(), story.at(NOW)).orElseThrow();
        assertThat(answer.duplicate()).isTrue();
        assertThat(answer.credits()).isEqualTo(credits(50));
        assertThat(answer.balance().total()).isEqualTo(credits(50));
    }

    @Test
    void other_terms_under_a_used_key_conflict_and_name_the_first_use() {
        Story story = given(topUp(50), held("job-1", 1, 0, NOW.plusSeconds(3600)));
        CommandResult answer = Repeats.answer(new ChargeJob(ACC, "job-1", "text-to-motion", actions(1)), story.state(), story.at(NOW))
                .orElseThrow();
        assertThat(answer.reason()).isEqualTo(RejectionReason.IDEMPOTENCY_CONFLICT);
        assertThat(answer.field()).isEqualTo("jobId");
        assertThat(answer.message()).isEqualTo("jobId job-1 was already used by a hold with other terms");
    }

    @Test
    void a_capture_of_an_open_hold_is_never_a_repeat() {
        Story story = given(topUp(50), held("job-1", 1, 0, NOW.plusSeconds(3600)));
        assertThat(Repeats.answer(new CaptureCharge(ACC, "job-1", null), story.state(), story.at(NOW))).isEmpty();
    }

    @Test
    void a_reservation_sent_again_after_its_hold_went_back_says_so() {
        CreditsReserved hold = held("job-1", 1, 0, NOW.plusSeconds(3600));
        Story story = given(topUp(50), hold, HoldReleased.of(hold, "failed", credits(0)));
        Optional<CommandResult> answer = Repeats.answer(new ReserveCredits(ACC, "job-1", "text-to-motion", actions(1), null),
                story.state(), story.at(NOW));
        assertThat(answer.orElseThrow().reason()).isEqualTo(RejectionReason.HOLD_RELEASED);
        assertThat(answer.orElseThrow().duplicate()).isTrue();
    }
}
