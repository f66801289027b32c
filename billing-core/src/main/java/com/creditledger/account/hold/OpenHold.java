package com.creditledger.account.hold;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.decision.Refusals;
import com.creditledger.account.time.Elapsed;

import java.time.Duration;
import java.util.Optional;

/** What a capture and a release share: finding the open hold they settle, and cancelling its expiry. */
final class OpenHold {

    /** Far more than the clocks of two instances differ by, or than a command takes. */
    static final Duration EXPIRY_CANCEL_MARGIN = Duration.ofMinutes(1);

    private OpenHold() {
    }

    /**
     * The refusal when {@code jobId} holds nothing to settle now: settled before (a repeat of the same
     * settlement was answered before deciding), never held, or past its expiry, which time records first.
     */
    static Optional<Decision> refusal(String jobId, Elapsed time, Changes changes, Context context) {
        CreditsReserved hold = time.before().holds().get(jobId);
        if (hold == null) {
            Optional<AccountEvent> settlement = context.findSettlement(jobId);
            if (settlement.isPresent()) {
                return Optional.of(changes.answer(Refusals.settledBefore(jobId, settlement.get(), changes.balance())));
            }
            boolean charged = context.findJob(jobId).filter(JobCharged.class::isInstance).isPresent();
            return Optional.of(changes.refuse(RejectionReason.UNKNOWN_HOLD, "jobId", charged
                    ? "job " + jobId + " was charged directly and holds nothing"
                    : "job " + jobId + " holds no credits on this account"));
        }
        if (!hold.expiresAt().isAfter(context.now())) {
            changes.recordAll(time.events());
            return Optional.of(changes.answer(Refusals.holdExpired(hold, changes.balance())));
        }
        return Optional.empty();
    }

    /**
     * A settled hold's expiry would fire and find nothing to do; cancelled instead (in the same
     * transaction), so that pending deadlines stay as few as the open holds. Close to its time the
     * scheduler may already be running it, and cancelling a running task fails the transaction:
     * such a deadline is left to fire, as a no-op.
     */
    static void cancelExpiry(CreditsReserved hold, Changes changes, Context context) {
        if (hold.expiryDeadlineId() != null && hold.expiresAt().isAfter(context.now().plus(EXPIRY_CANCEL_MARGIN))) {
            changes.set(new Deadline.CancelHoldExpiry(hold.expiryDeadlineId()));
        }
    }
}
