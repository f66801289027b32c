package com.creditledger.account.alert;

import com.creditledger.account.AccountCommand.ConfigureBalanceAlerts;
import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountState;
import com.creditledger.account.CommandResult;
import com.creditledger.account.decision.Changes;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.time.Elapsed;

import java.util.Objects;

/** An account's own alert thresholds. Setting them settles nothing of what time has decided. */
public final class AlertSettings {

    private AlertSettings() {
    }

    public static Decision decide(Elapsed time, ConfigureBalanceAlerts command, Context context) {
        AccountState state = time.before();
        Changes changes = Changes.from(state, context);
        // the same settings again change nothing: a duplicate, like any request sent twice
        if (Objects.equals(state.alertThresholds(), command.thresholds())) {
            return changes.answer(CommandResult.accepted(changes.balance()).asDuplicate());
        }
        changes.record(new BalanceAlertsConfigured(context.accountId(), command.thresholds()));
        return changes.answer(CommandResult.accepted(changes.balance()));
    }
}
