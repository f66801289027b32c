package com.creditledger.account.charge;

import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.Split;
import com.creditledger.account.decision.Decision;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.CATALOG;
import static com.creditledger.account.decision.Story.NOV_1;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.actions;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.held;
import static com.creditledger.account.decision.Story.november;
import static com.creditledger.account.decision.Story.topUp;
import static org.assertj.core.api.Assertions.assertThat;

class ChargesTest {

    @Test
    void a_charge_takes_subscription_credits_first_then_top_up_credits() {
        Decision decision = given(november(10), topUp(50)).when(Charges::decide, new ChargeJob(ACC, "job-1", "image-to-3d-mesh", null), NOW);
        assertThat(decision.events()).containsExactly(JobCharged.of(ACC, "job-1", CATALOG.quote("image-to-3d-mesh", Map.of()), Map.of(),
                new Split(credits(10), credits(15)), NOV_1));
        assertThat(decision.answer().fromSubscription()).isEqualTo(credits(10));
        assertThat(decision.answer().fromTopUp()).isEqualTo(credits(15));
        assertThat(decision.answer().balance().total()).isEqualTo(credits(35));
    }

    @Test
    void an_unknown_tool_is_refused_with_nothing_recorded_even_if_time_has_settled_something() {
        Decision decision = given(november(100), held("job-0", 1, 5, NOW))
                .when(Charges::decide, new ChargeJob(ACC, "job-1", "no-such-tool", null), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.UNKNOWN_TOOL);
    }

    @Test
    void a_charge_beyond_the_available_credits_is_refused_and_recorded_after_what_time_has_settled() {
        Decision decision = given(november(5), held("job-0", 1, 5, NOW))
                .when(Charges::decide, new ChargeJob(ACC, "job-1", "text-to-motion", actions(2)), NOW);
        assertThat(decision.events()).containsExactly(HoldExpired.of(held("job-0", 1, 5, NOW), credits(5)),
                new ChargeRejected(ACC, "job-1", "text-to-motion", actions(2), RejectionReason.INSUFFICIENT_CREDITS, credits(10), credits(5)));
        assertThat(decision.answer().message()).isEqualTo("the job costs 10 credits; 5 are available");
        assertThat(decision.answer().credits()).isEqualTo(credits(10));
    }
}
