package com.creditledger.account.refund;

import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.time.Elapsed;
import com.creditledger.pricing.Credits;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A charged job (directly or by capturing its hold) given back, once. */
public final class Refunds {

    private Refunds() {
    }

    public static Decision decide(Elapsed time, RefundJob command, Context context) {
        Changes changes = Changes.from(time.before(), context);
        Optional<AccountEvent> job = context.findJob(command.jobId());
        Optional<Charged> found = job.filter(JobCharged.class::isInstance).map(charged -> Charged.of((JobCharged) charged));
        if (job.isPresent() && job.get() instanceof CreditsReserved) {
            found = context.findSettlement(command.jobId())
                    .filter(HoldCaptured.class::isInstance).map(settled -> Charged.of((HoldCaptured) settled));
        }
        if (found.isEmpty()) {
            return changes.refuse(RejectionReason.UNKNOWN_JOB, "jobId", job.isPresent()
                    ? "job " + command.jobId() + " held credits but was never charged: release its hold instead"
                    : "job " + command.jobId() + " was never charged on this account");
        }
        changes.recordAll(time.events());
        Charged charge = found.get();
        // subscription credits go back only into the cycle they came from, if it is still running
        Credits toSubscription = Credits.ZERO;
        for (Map.Entry<Instant, Credits> drawn : charge.subscriptionByCycle().entrySet()) {
            if (changes.state().isRunningCycle(drawn.getKey())) {
                toSubscription = toSubscription.plus(drawn.getValue());
            }
        }
        changes.record(new JobRefunded(context.accountId(), command.jobId(), charge.tool(), charge.toolkit(),
                command.reason(), toSubscription, charge.fromTopUp(), charge.fromSubscription().minus(toSubscription)));
        return changes.answer(CommandResult.accepted(toSubscription.plus(charge.fromTopUp()), toSubscription, charge.fromTopUp(),
                changes.balance()));
    }
}
