package com.creditledger.account.topup;

import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Decision;
import org.junit.jupiter.api.Test;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static org.assertj.core.api.Assertions.assertThat;

class TopUpsTest {

    @Test
    void a_top_up_adds_credits_that_never_expire() {
        Decision decision = given().when(TopUps::decide, new TopUp(ACC, "pay-1", credits(50), "pack-1"), NOW);
        assertThat(decision.events()).containsExactly(new CreditsToppedUp(ACC, "pay-1", credits(50), "pack-1"));
        assertThat(decision.answer().balance().topUp()).isEqualTo(credits(50));
    }

    @Test
    void nothing_is_no_top_up() {
        Decision decision = given().when(TopUps::decide, new TopUp(ACC, "pay-1", credits(0), null), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.INVALID_AMOUNT);
    }
}
