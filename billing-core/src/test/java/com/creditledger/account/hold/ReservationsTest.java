package com.creditledger.account.hold;

import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.ReservationRejected;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

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

class ReservationsTest {

    static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

    @Test
    void a_hold_takes_subscription_credits_first_and_asks_for_its_expiry_to_be_scheduled() {
        Decision decision = given(november(10), topUp(50))
                .when(Reservations::decide, new ReserveCredits(ACC, "job-1", "text-to-motion", actions(4), null), NOW);
        CreditsReserved reserved = (CreditsReserved) decision.events().get(0);
        assertThat(reserved.held()).isEqualTo(new com.creditledger.account.Split(credits(10), credits(10)));
        assertThat(reserved.cycleStart()).isEqualTo(NOV_1);
        assertThat(reserved.expiresAt()).isEqualTo(IN_AN_HOUR);
        assertThat(reserved.expiryDeadlineId()).as("the deadline manager's to give").isNull();
        assertThat(decision.deadlines()).containsExactly(new Deadline.HoldExpires("job-1", IN_AN_HOUR));
        assertThat(decision.answer().expiresAt()).isEqualTo(IN_AN_HOUR);
    }

    @Test
    void an_expiry_beyond_the_policy_is_refused_with_nothing_recorded() {
        Decision decision = given(november(100))
                .when(Reservations::decide, new ReserveCredits(ACC, "job-1", "text-to-motion", actions(1), NOW.plus(Duration.ofDays(8))), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.INVALID_EXPIRY);
    }

    @Test
    void overdue_holds_are_settled_before_the_open_holds_are_counted() {
        Decision decision = given(november(100), held("job-1", 1, 5, NOW), held("job-2", 1, 5, IN_AN_HOUR), held("job-3", 1, 5, IN_AN_HOUR))
                .when(Reservations::decide, new ReserveCredits(ACC, "job-4", "text-to-motion", actions(1), null), NOW);
        assertThat(decision.events()).hasSize(2).first().isEqualTo(HoldExpired.of(held("job-1", 1, 5, NOW), credits(5)));
        assertThat(decision.answer().isAccepted()).isTrue();
    }

    @Test
    void at_the_most_open_holds_the_refusal_still_records_what_time_has_settled() {
        Decision decision = given(november(100), held("job-1", 1, 5, NOW), held("job-2", 1, 5, IN_AN_HOUR), held("job-3", 1, 5, IN_AN_HOUR),
                held("job-4", 1, 5, IN_AN_HOUR))
                .when(Reservations::decide, new ReserveCredits(ACC, "job-5", "text-to-motion", actions(1), null), NOW);
        assertThat(decision.events()).containsExactly(HoldExpired.of(held("job-1", 1, 5, NOW), credits(5)));
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.TOO_MANY_HOLDS);
    }

    @Test
    void a_hold_beyond_the_available_credits_is_refused_and_recorded() {
        Decision decision = given(topUp(10))
                .when(Reservations::decide, new ReserveCredits(ACC, "job-1", "text-to-motion", actions(3), null), NOW);
        assertThat(decision.events()).containsExactly(new ReservationRejected(ACC, "job-1", "text-to-motion", actions(3),
                RejectionReason.INSUFFICIENT_CREDITS, credits(15), credits(10)));
        assertThat(decision.deadlines()).isEmpty();
    }
}
