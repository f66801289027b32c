package com.creditledger.account.decision;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.Balance;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.pricing.Credits;

/** Refusals that more than one feature gives, worded once. */
public final class Refusals {

    private Refusals() {
    }

    /** A refusal for want of credits is a decision on the balance, so it is recorded (after what time has settled). */
    public static Decision forWantOfCredits(Changes changes, AccountEvent refusal, String message, Credits price) {
        changes.record(refusal);
        return changes.answer(CommandResult.rejected(RejectionReason.INSUFFICIENT_CREDITS, null, message, changes.balance())
                .withCredits(price));
    }

    public static String jobCosts(Credits price, Credits available) {
        return "the job costs " + price.amount() + " credits; " + available.amount() + " are available";
    }

    /** A hold that is over: the answer to anything but a repeat of what ended it. */
    public static CommandResult settledBefore(String jobId, AccountEvent settlement, Balance balance) {
        if (settlement instanceof HoldCaptured) {
            return CommandResult.rejected(RejectionReason.HOLD_CAPTURED, "jobId", "the hold of job " + jobId + " was captured", balance);
        } else if (settlement instanceof HoldReleased) {
            return CommandResult.rejected(RejectionReason.HOLD_RELEASED, "jobId", "the hold of job " + jobId + " was released", balance);
        }
        HoldExpired expired = (HoldExpired) settlement;
        return CommandResult.rejected(RejectionReason.HOLD_EXPIRED, "jobId",
                "the hold of job " + jobId + " expired at " + expired.expiresAt(), balance);
    }

    public static CommandResult holdExpired(CreditsReserved hold, Balance balance) {
        return CommandResult.rejected(RejectionReason.HOLD_EXPIRED, "jobId",
                "the hold of job " + hold.jobId() + " expired at " + hold.expiresAt(), balance);
    }
}
