package com.creditledger.account.topup;

import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.time.Elapsed;

import static com.creditledger.account.decision.Limits.MAX_GRANT;

/** Bought credits: they never expire and are spent after subscription credits. */
public final class TopUps {

    private TopUps() {
    }

    public static Decision decide(Elapsed time, TopUp command, Context context) {
        Changes changes = Changes.from(time.before(), context);
        if (command.credits().isZero() || MAX_GRANT.isLessThan(command.credits())) {
            return changes.refuse(RejectionReason.INVALID_AMOUNT, "credits", "credits must be between 1 and " + MAX_GRANT.amount());
        }
        changes.recordAll(time.events())
                .record(new CreditsToppedUp(context.accountId(), command.paymentId(), command.credits(), command.packageId()));
        return changes.answer(CommandResult.accepted(command.credits(), null, command.credits(), changes.balance()));
    }
}
