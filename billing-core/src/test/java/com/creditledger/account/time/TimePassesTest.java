package com.creditledger.account.time;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountState;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.decision.Story;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.DEC_1;
import static com.creditledger.account.decision.Story.NOV_1;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.held;
import static com.creditledger.account.decision.Story.november;
import static org.assertj.core.api.Assertions.assertThat;

class TimePassesTest {

    static AccountState after(Elapsed elapsed) {
        AccountState state = elapsed.before();
        for (AccountEvent event : elapsed.events()) {
            state = state.apply(event);
        }
        return state;
    }

    @Test
    void nothing_is_due_before_its_time() {
        Story story = given(november(100), held("job-1", 2, 10, NOW.plusSeconds(60)));
        Elapsed elapsed = TimePasses.until(story.state(), story.at(NOW));
        assertThat(elapsed.events()).isEmpty();
    }

    @Test
    void an_overdue_hold_gives_its_credits_back_into_its_running_cycle() {
        Story story = given(november(100), held("job-1", 2, 10, NOW));
        Elapsed elapsed = TimePasses.until(story.state(), story.at(NOW));
        assertThat(elapsed.events()).containsExactly(HoldExpired.of(held("job-1", 2, 10, NOW), credits(10)));
        assertThat(after(elapsed).spendable()).isEqualTo(credits(100));
    }

    @Test
    void a_hold_that_outlived_its_cycle_finds_the_cycle_ended_first_and_forfeits_its_subscription_part() {
        Story story = given(november(100), held("job-1", 2, 10, DEC_1.plusSeconds(60)));
        Elapsed elapsed = TimePasses.until(story.state(), story.at(DEC_1.plus(Duration.ofDays(1))));
        assertThat(elapsed.holds()).containsExactly(
                new SubscriptionCreditsExpired(ACC, credits(90), NOV_1, DEC_1),
                HoldExpired.of(held("job-1", 2, 10, DEC_1.plusSeconds(60)), credits(0)));
        assertThat(elapsed.cycleEnd()).isNull();
        assertThat(after(elapsed).spendable()).isEqualTo(credits(0));
    }

    @Test
    void a_cycle_over_by_now_ends_after_the_holds_that_expired_within_it() {
        Story story = given(november(100), held("job-1", 2, 10, NOW));
        Elapsed elapsed = TimePasses.until(story.state(), story.at(DEC_1));
        assertThat(elapsed.holds()).hasSize(1);
        assertThat(elapsed.cycleEnd()).isEqualTo(new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1));
    }

    @Test
    void a_deadline_that_fires_early_is_set_again_for_the_time_still_to_go_and_settles_nothing() {
        Story story = given(november(100));
        Decision decision = TimePasses.whenDue(DEC_1, story.state(), story.at(DEC_1.minusSeconds(30)));
        assertThat(decision.events()).isEmpty();
        assertThat(decision.deadlines()).containsExactly(new Deadline.Again(Duration.ofSeconds(30)));
    }

    @Test
    void a_deadline_that_is_due_records_what_time_has_settled() {
        Story story = given(november(100));
        Decision decision = TimePasses.whenDue(DEC_1, story.state(), story.at(DEC_1));
        assertThat(decision.events()).containsExactly(new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1));
        assertThat(decision.deadlines()).isEmpty();
    }
}
