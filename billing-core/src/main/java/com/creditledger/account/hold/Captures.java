package com.creditledger.account.hold;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountEvent.CaptureRejected;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountState;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.Split;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.decision.Pricing;
import com.creditledger.account.decision.Refusals;
import com.creditledger.account.time.Elapsed;
import com.creditledger.pricing.Credits;

import java.util.Map;
import java.util.Optional;

/**
 * A held job charged at its final price: from the hold first; a price above the hold takes the
 * rest from the available credits, or is refused (the hold stays open).
 */
public final class Captures {

    private Captures() {
    }

    public static Decision decide(Elapsed time, CaptureCharge command, Context context) {
        Changes changes = Changes.from(time.before(), context);
        Optional<Decision> refusal = OpenHold.refusal(command.jobId(), time, changes, context);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        CreditsReserved hold = time.before().holds().get(command.jobId());
        Pricing pricing = command.params() == null ? null : Pricing.of(context.policies().catalog(), hold.tool(), command.params());
        if (pricing != null && pricing.refused()) {
            return pricing.refuse(changes);
        }
        changes.recordAll(time.events());
        AccountState state = changes.state();
        Credits price = pricing == null ? hold.credits() : pricing.quote().credits();
        String catalogVersion = pricing == null ? hold.catalogVersion() : pricing.quote().catalogVersion();
        Map<String, Long> params = pricing == null ? hold.params() : command.params();
        Split fromHold = Split.subscriptionFirst(price.min(hold.credits()), hold.fromSubscription());
        Split extra = Split.NONE;
        if (hold.credits().isLessThan(price)) {
            Credits beyond = price.minus(hold.credits());
            Credits available = state.spendable();
            if (available.isLessThan(beyond)) {
                return Refusals.forWantOfCredits(changes, new CaptureRejected(context.accountId(), command.jobId(), params,
                        RejectionReason.INSUFFICIENT_CREDITS, price, hold.credits(), available), "the final price " + price.amount()
                        + " exceeds the hold of " + hold.credits().amount() + " by " + beyond.amount() + " credits; "
                        + available.amount() + " are available", price);
            }
            extra = Split.subscriptionFirst(beyond, state.subscription());
        }
        // unused held subscription credits go back only into the hold's cycle, if it still runs; else they expired with it
        Split unused = hold.held().minus(fromHold);
        boolean sameCycle = state.isRunningCycle(hold.cycleStart());
        Split released = new Split(sameCycle ? unused.subscription() : Credits.ZERO, unused.topUp());
        HoldCaptured captured = HoldCaptured.of(hold, params, catalogVersion, price, fromHold.plus(extra),
                extra.subscription().isZero() ? null : state.runningCycleStart(), released,
                sameCycle ? Credits.ZERO : unused.subscription());
        changes.record(captured);
        OpenHold.cancelExpiry(hold, changes, context);
        return changes.answer(CommandResult.accepted(price, captured.charged().subscription(), captured.charged().topUp(),
                changes.balance()));
    }
}
