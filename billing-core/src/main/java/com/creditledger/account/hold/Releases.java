package com.creditledger.account.hold;

import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.CommandResult;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.time.Elapsed;

import java.util.Optional;

/** A hold given back before its job was charged. */
public final class Releases {

    private Releases() {
    }

    public static Decision decide(Elapsed time, ReleaseHold command, Context context) {
        Changes changes = Changes.from(time.before(), context);
        Optional<Decision> refusal = OpenHold.refusal(command.jobId(), time, changes, context);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        CreditsReserved hold = time.before().holds().get(command.jobId());
        changes.recordAll(time.events());
        HoldReleased released = HoldReleased.of(hold, command.reason(), changes.state().subscriptionBack(hold));
        changes.record(released);
        OpenHold.cancelExpiry(hold, changes, context);
        return changes.answer(CommandResult.accepted(released.back().total(), released.toSubscription(), released.toTopUp(),
                changes.balance()));
    }
}
