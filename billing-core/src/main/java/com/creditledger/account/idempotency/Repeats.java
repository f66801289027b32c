package com.creditledger.account.idempotency;

import com.creditledger.account.AccountCommand.Keyed;
import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.AccountState;
import com.creditledger.account.Balance;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.RequestHistory;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Refusals;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The one idempotency rule, for every keyed request (see {@link Keyed}), checked before any
 * decider runs: the same request again gets its first answer, marked duplicate, and changes
 * nothing; another request under a used key is refused ({@code IDEMPOTENCY_CONFLICT}).
 */
public final class Repeats {

    private Repeats() {
    }

    /** The answer to a request whose key was used before; empty for one the deciders have to decide. */
    public static Optional<CommandResult> answer(Keyed command, AccountState state, Context context) {
        return earlier(command, state, context).map(recorded -> resent(command, recorded, state, context));
    }

    private static Optional<AccountEvent> earlier(Keyed command, AccountState state, Context context) {
        RequestHistory history = context.history();
        String account = context.accountId();
        String key = command.key();
        return switch (command.recordedAs()) {
            case RENEWAL -> history.findRenewal(account, Instant.parse(key)).map(AccountEvent.class::cast);
            case TOP_UP -> history.findTopUp(account, key).map(AccountEvent.class::cast);
            case CHARGE, HOLD -> history.findJob(account, key);
            case REFUND -> history.findRefund(account, key).map(AccountEvent.class::cast);
            // an open hold has no settlement yet; a settlement of another kind is no repeat but a hold that is over
            case CAPTURE, RELEASE -> state.holds().containsKey(key) ? Optional.empty()
                    : history.findSettlement(account, key).filter(command.recordedAs().type()::isInstance);
            case EXPIRY -> throw new IllegalArgumentException("an expiry is recorded by time, never requested");
        };
    }

    private static CommandResult resent(Keyed command, AccountEvent recorded, AccountState state, Context context) {
        Balance balance = state.balanceAt(context.now());
        if (!command.repeats(recorded)) {
            return CommandResult.rejected(RejectionReason.IDEMPOTENCY_CONFLICT, command.conflictingField(), command.keyField() + " "
                    + command.key() + " was already used by a " + RequestHistory.Kind.of(recorded).name().toLowerCase(Locale.ROOT)
                    .replace('_', '-') + " with other terms", balance);
        }
        return firstAnswer(recorded, state, context, balance).asDuplicate();
    }

    private static CommandResult firstAnswer(AccountEvent recorded, AccountState state, Context context, Balance balance) {
        if (recorded instanceof SubscriptionRenewed renewal) {
            return CommandResult.accepted(renewal.monthlyCredits(), null, null, balance);
        } else if (recorded instanceof CreditsToppedUp topUp) {
            return CommandResult.accepted(topUp.credits(), null, topUp.credits(), balance);
        } else if (recorded instanceof JobCharged charge) {
            return CommandResult.accepted(charge.credits(), charge.fromSubscription(), charge.fromTopUp(), balance);
        } else if (recorded instanceof CreditsReserved hold) {
            return resentReservation(hold, state, context, balance);
        } else if (recorded instanceof HoldCaptured capture) {
            return CommandResult.accepted(capture.credits(), capture.fromSubscription(), capture.fromTopUp(), balance);
        } else if (recorded instanceof HoldReleased release) {
            return CommandResult.accepted(release.back().total(), release.toSubscription(), release.toTopUp(), balance);
        } else if (recorded instanceof JobRefunded refund) {
            // a refund is not paid twice: its repeat says so, with the credits the first one gave back
            return CommandResult.rejected(RejectionReason.ALREADY_REFUNDED, "jobId", "job " + refund.jobId() + " was already refunded",
                    balance).withCredits(refund.back().total());
        }
        throw new IllegalStateException("no request is recorded as " + recorded.getClass().getSimpleName());
    }

    /**
     * A reservation sent again answers as the first did while its credits are held or were
     * charged. Once they went back (released, or expired even if not recorded yet) it says so, so
     * that a job service retrying a reservation never starts a job on credits no longer held.
     */
    private static CommandResult resentReservation(CreditsReserved hold, AccountState state, Context context, Balance balance) {
        CreditsReserved open = state.holds().get(hold.jobId());
        if (open != null && !open.expiresAt().isAfter(context.now())) {
            return Refusals.holdExpired(hold, balance);
        }
        Optional<AccountEvent> settlement = open == null ? context.findSettlement(hold.jobId()) : Optional.empty();
        if (settlement.isPresent() && !(settlement.get() instanceof HoldCaptured)) {
            return Refusals.settledBefore(hold.jobId(), settlement.get(), balance);
        }
        return CommandResult.accepted(hold.credits(), hold.fromSubscription(), hold.fromTopUp(), balance).expiringAt(hold.expiresAt());
    }
}
