package com.creditledger.account.refund;

import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.Split;
import com.creditledger.account.decision.Decision;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.creditledger.account.decision.Story.ACC;
import static com.creditledger.account.decision.Story.CATALOG;
import static com.creditledger.account.decision.Story.DEC_1;
import static com.creditledger.account.decision.Story.NOV_1;
import static com.creditledger.account.decision.Story.NOW;
import static com.creditledger.account.decision.Story.credits;
import static com.creditledger.account.decision.Story.given;
import static com.creditledger.account.decision.Story.november;
import static com.creditledger.account.decision.Story.topUp;
import static org.assertj.core.api.Assertions.assertThat;

class RefundsTest {

    static final JobCharged CHARGED = JobCharged.of(ACC, "job-1", CATALOG.quote("image-to-3d-mesh", Map.of()), Map.of(),
            new Split(credits(10), credits(15)), NOV_1);

    @Test
    void a_refund_gives_each_credit_back_to_the_bucket_it_came_from() {
        Decision decision = given(november(10), topUp(50), CHARGED).when(Refunds::decide, new RefundJob(ACC, "job-1", "failed"), NOW);
        assertThat(decision.events()).containsExactly(new JobRefunded(ACC, "job-1", "image-to-3d-mesh", CHARGED.toolkit(), "failed",
                credits(10), credits(15), credits(0)));
        assertThat(decision.answer().credits()).isEqualTo(credits(25));
    }

    @Test
    void subscription_credits_of_a_cycle_that_ended_are_forfeited_after_the_end_is_recorded() {
        Decision decision = given(november(10), topUp(50), CHARGED).when(Refunds::decide, new RefundJob(ACC, "job-1", "failed"), DEC_1);
        assertThat(decision.events()).containsExactly(new SubscriptionCreditsExpired(ACC, credits(0), NOV_1, DEC_1),
                new JobRefunded(ACC, "job-1", "image-to-3d-mesh", CHARGED.toolkit(), "failed", credits(0), credits(15), credits(10)));
    }

    @Test
    void a_job_never_charged_cannot_be_refunded() {
        Decision decision = given(topUp(50)).when(Refunds::decide, new RefundJob(ACC, "job-9", "failed"), NOW);
        assertThat(decision.events()).isEmpty();
        assertThat(decision.answer().reason()).isEqualTo(RejectionReason.UNKNOWN_JOB);
    }
}
