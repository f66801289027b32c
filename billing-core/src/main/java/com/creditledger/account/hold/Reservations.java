package com.creditledger.account.hold;

import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.ReservationRejected;
import com.creditledger.account.AccountState;
import com.creditledger.account.CommandResult;
import com.creditledger.account.HoldPolicy;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.Split;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.decision.Pricing;
import com.creditledger.account.decision.Refusals;
import com.creditledger.account.time.Elapsed;
import com.creditledger.pricing.Credits;

import java.time.Instant;

/** Credits set aside for a running job, taken like a charge, until its hold is captured, released or expires. */
public final class Reservations {

    private Reservations() {
    }

    public static Decision decide(Elapsed time, ReserveCredits command, Context context) {
        Changes changes = Changes.from(time.before(), context);
        HoldPolicy holds = context.policies().holds();
        Instant now = context.now();
        Instant expiresAt = command.expiresAt() == null ? now.plus(holds.defaultDuration()) : command.expiresAt();
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(holds.maxDuration()))) {
            return changes.refuse(RejectionReason.INVALID_EXPIRY, "expiresAt", "expiresAt must be in the future and at most "
                    + holds.maxDuration() + " from now");
        }
        Pricing pricing = Pricing.of(context.policies().catalog(), command.tool(), command.params());
        if (pricing.refused()) {
            return pricing.refuse(changes);
        }
        // holds that time has settled make room: counted after them
        changes.recordAll(time.events());
        AccountState state = changes.state();
        if (state.holds().size() >= holds.maxOpenHolds()) {
            return changes.refuse(RejectionReason.TOO_MANY_HOLDS, "jobId", "the account already has "
                    + state.holds().size() + " open holds, the most allowed");
        }
        Credits price = pricing.quote().credits();
        Credits available = state.spendable();
        if (available.isLessThan(price)) {
            return Refusals.forWantOfCredits(changes, new ReservationRejected(context.accountId(), command.jobId(), command.tool(),
                    command.params(), RejectionReason.INSUFFICIENT_CREDITS, price, available), Refusals.jobCosts(price, available), price);
        }
        Split taken = Split.subscriptionFirst(price, state.subscription());
        changes.record(CreditsReserved.of(context.accountId(), command.jobId(), pricing.quote(), command.params(), taken,
                        state.runningCycleStart(), expiresAt))
                .set(new Deadline.HoldExpires(command.jobId(), expiresAt));
        return changes.answer(CommandResult.accepted(price, taken.subscription(), taken.topUp(), changes.balance()).expiringAt(expiresAt));
    }
}
