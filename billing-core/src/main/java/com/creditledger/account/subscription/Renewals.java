package com.creditledger.account.subscription;

import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.AccountState;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.time.Elapsed;

import java.time.Instant;

import static com.creditledger.account.decision.Limits.MAX_GRANT;

/** A new billing cycle: its credits replace what is left of the last one. */
public final class Renewals {

    private Renewals() {
    }

    public static Decision decide(Elapsed time, RenewSubscription command, Context context) {
        AccountState state = time.before();
        Instant now = context.now();
        Changes changes = Changes.from(state, context);
        if (!command.periodEnd().isAfter(command.periodStart())) {
            return changes.refuse(RejectionReason.INVALID_PERIOD, "periodEnd", "periodEnd must be after periodStart");
        }
        if (MAX_GRANT.isLessThan(command.monthlyCredits())) {
            return changes.refuse(RejectionReason.INVALID_AMOUNT, "monthlyCredits", "monthlyCredits must be at most " + MAX_GRANT.amount());
        }
        if (state.cycle() != null && !command.periodStart().isAfter(state.cycle().periodStart())) {
            return changes.refuse(RejectionReason.STALE_PERIOD, "periodStart", "the period must start after "
                    + state.cycle().periodStart() + ", the start of the current one");
        }
        // credits of a period that has not begun would be spendable now, and end the running cycle early
        if (command.periodStart().isAfter(now)) {
            return changes.refuse(RejectionReason.PERIOD_NOT_STARTED, "periodStart", "the period starts at "
                    + command.periodStart() + ", after now (" + now + "): send the renewal once it has started");
        }
        // holds that ran out before the new period are settled in the old one; what is left of the old cycle
        // is not recorded as expired but as replaced, in the renewal
        changes.recordAll(time.holds());
        changes.record(new SubscriptionRenewed(context.accountId(), command.plan(), command.monthlyCredits(),
                command.periodStart(), command.periodEnd(), changes.state().subscription()));
        // a renewal that arrives after its period is over grants credits that are gone already
        if (changes.state().cycleOverAt(now)) {
            changes.record(new SubscriptionCreditsExpired(context.accountId(), changes.state().subscription(),
                    command.periodStart(), command.periodEnd()));
            return changes.answer(CommandResult.accepted(command.monthlyCredits(), null, null, changes.balance())
                    .expiredAtOnce(command.monthlyCredits(), command.periodEnd()));
        }
        changes.set(new Deadline.CycleEnds(command.periodStart(), command.periodEnd()));
        return changes.answer(CommandResult.accepted(command.monthlyCredits(), null, null, changes.balance()));
    }
}
