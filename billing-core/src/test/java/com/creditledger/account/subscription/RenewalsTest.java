package com.creditledger.account.subscription;

import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.DEC_1;
import static com.creditledger.account.decision.Story.JAN_1;
import static com.creditledger.account.decision.Story.NOV_1;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.november;
import static org.assertj.core.api.Assertions.assertThat;

class RenewalsTest {

    @Test
    void a_renewal_replaces_what_is_left_of_the_last_cycle_and_schedules_its_own_end() {
        Decision decision = given(november(100))
                .when(Renewals::decide, new RenewSubscription(ACC, "pro", credits(200), DEC_1, JAN_1), DEC_1.plusSeconds(5));
        assertThat(decision.events()).containsExactly(new SubscriptionRenewed(ACC, "pro", credits(200), DEC_1, JAN_1, credits(100)));
        assertThat(decision.deadlines()).containsExactly(new Deadline.CycleEnds(DEC_1, JAN_1));
    }

    @Test
    void a_renewal_that_arrives_after_its_period_grants_credits_that_expire_at_once() {
        Decision decision = given().when(Renewals::decide, new RenewSubscription(ACC, "pro", credits(100), NOV_1, DEC_1),
                DEC_1.plus(Duration.ofDays(1)));
        assertThat(decision.events()).containsExactly(new SubscriptionRenewed(ACC, "pro", credits(100), NOV_1, DEC_1, credits(0)),
                new SubscriptionCreditsExpired(ACC, credits(100), NOV_1, DEC_1));
        assertThat(decision.deadlines()).isEmpty();
        assertThat(decision.answer().expired()).isEqualTo(credits(100));
    }

    @Test
    void a_period_that_has_not_started_is_refused() {
        Decision decision = given().when(Renewals::decide, new RenewSubscription(ACC, "pro", credits(100), DEC_1, JAN_1), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.PERIOD_NOT_STARTED);
    }
}
