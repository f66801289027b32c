package com.creditledger.account.time;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountState;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decision;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The first step of every command and deadline: what time has settled by now. */
public final class TimePasses {

    private TimePasses() {
    }

    public static Elapsed until(AccountState state, Context context) {
        Instant now = context.now();
        List<AccountEvent> holds = new ArrayList<>();
        AccountState settled = state;
        List<CreditsReserved> due = state.holds().values().stream()
                .filter(hold -> !hold.expiresAt().isAfter(now))
                .sorted(Comparator.comparing(CreditsReserved::expiresAt).thenComparing(CreditsReserved::jobId))
                .toList();
        for (CreditsReserved hold : due) {
            // a hold that expired at or after its cycle's end comes back to a cycle that is over
            if (settled.cycleOverAt(hold.expiresAt())) {
                holds.add(cycleEnd(settled, context));
                settled = settled.apply(holds.get(holds.size() - 1));
            }
            HoldExpired expired = HoldExpired.of(hold, settled.subscriptionBack(hold));
            holds.add(expired);
            settled = settled.apply(expired);
        }
        SubscriptionCreditsExpired cycleEnd = settled.cycleOverAt(now) ? cycleEnd(settled, context) : null;
        return new Elapsed(state, List.copyOf(holds), cycleEnd);
    }

    /**
     * A deadline only says "look now"; the clock decides what is due. One that fires early (a
     * scheduler running ahead of this clock, another instance's clock) settles nothing and is set
     * again for the time still to go by this clock: scheduled by the time the scheduler keeps, it
     * would fire again at once, for as long as the clocks differ.
     */
    public static Decision whenDue(Instant due, AccountState state, Context context) {
        Changes changes = Changes.from(state, context);
        if (context.now().isBefore(due)) {
            return changes.set(new Deadline.Again(Duration.between(context.now(), due))).answer(null);
        }
        return changes.recordAll(until(state, context).events()).answer(null);
    }

    private static SubscriptionCreditsExpired cycleEnd(AccountState state, Context context) {
        return new SubscriptionCreditsExpired(context.accountId(), state.subscription(), state.cycle().periodStart(),
                state.cycle().periodEnd());
    }
}
