package com.creditledger.account.hold;

import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import org.junit.jupiter.api.Test;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.held;
import static com.creditledger.account.decision.Story.november;
import static com.creditledger.account.decision.Story.topUp;
import static org.assertj.core.api.Assertions.assertThat;

class ReleasesTest {

    @Test
    void a_release_gives_each_held_credit_back_to_its_bucket() {
        CreditsReserved hold = held("job-1", 4, 15, NOW.plusSeconds(3600)).withExpiryDeadlineId("expiry-1");
        Decision decision = given(november(15), topUp(5), hold).when(Releases::decide, new ReleaseHold(ACC, "job-1", "failed"), NOW);
        assertThat(decision.events()).containsExactly(HoldReleased.of(hold, "failed", credits(15)));
        assertThat(decision.answer().fromSubscription()).isEqualTo(credits(15));
        assertThat(decision.answer().fromTopUp()).isEqualTo(credits(5));
        assertThat(decision.deadlines()).containsExactly(new Deadline.CancelHoldExpiry("expiry-1"));
    }

    @Test
    void an_expiry_about_to_fire_is_left_to_fire_rather_than_cancelled() {
        CreditsReserved hold = held("job-1", 1, 5, NOW.plusSeconds(30)).withExpiryDeadlineId("expiry-1");
        Decision decision = given(november(15), hold).when(Releases::decide, new ReleaseHold(ACC, "job-1", "failed"), NOW);
        assertThat(decision.answer().isAccepted()).isTrue();
        assertThat(decision.deadlines()).isEmpty();
    }

    @Test
    void a_release_of_a_hold_that_expired_says_so() {
        CreditsReserved hold = held("job-1", 1, 5, NOW);
        Decision decision = given(november(15), hold, HoldExpired.of(hold, credits(5)))
                .when(Releases::decide, new ReleaseHold(ACC, "job-1", "failed"), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.HOLD_EXPIRED);
    }
}
