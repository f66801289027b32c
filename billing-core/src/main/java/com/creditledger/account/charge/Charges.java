package com.creditledger.account.charge;

import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.JobCharged;
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

/** A job charged at once, at the catalog's price, subscription credits first. */
public final class Charges {

    private Charges() {
    }

    public static Decision decide(Elapsed time, ChargeJob command, Context context) {
        Changes changes = Changes.from(time.before(), context);
        Pricing pricing = Pricing.of(context.policies().catalog(), command.tool(), command.params());
        if (pricing.refused()) {
            return pricing.refuse(changes);
        }
        changes.recordAll(time.events());
        AccountState state = changes.state();
        Credits price = pricing.quote().credits();
        Credits available = state.spendable();
        if (available.isLessThan(price)) {
            return Refusals.forWantOfCredits(changes, new ChargeRejected(context.accountId(), command.jobId(), command.tool(),
                    command.params(), RejectionReason.INSUFFICIENT_CREDITS, price, available), Refusals.jobCosts(price, available), price);
        }
        Split taken = Split.subscriptionFirst(price, state.subscription());
        changes.record(JobCharged.of(context.accountId(), command.jobId(), pricing.quote(), command.params(), taken,
                state.runningCycleStart()));
        return changes.answer(CommandResult.accepted(price, taken.subscription(), taken.topUp(), changes.balance()));
    }
}
