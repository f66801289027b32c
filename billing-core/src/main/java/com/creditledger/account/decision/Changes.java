package com.creditledger.account.decision;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountState;
import com.creditledger.account.Balance;
import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;

import java.util.ArrayList;
import java.util.List;

/**
 * A decision being made: the events recorded so far and the state they leave, so that each rule
 * decides on the account as the rules before it left it. Used within one decider call only.
 */
public final class Changes {

    private final Context context;
    private final List<AccountEvent> events = new ArrayList<>();
    private final List<Deadline> deadlines = new ArrayList<>();
    private AccountState state;

    private Changes(AccountState state, Context context) {
        this.state = state;
        this.context = context;
    }

    public static Changes from(AccountState state, Context context) {
        return new Changes(state, context);
    }

    public Changes record(AccountEvent event) {
        events.add(event);
        state = state.apply(event);
        return this;
    }

    public Changes recordAll(List<? extends AccountEvent> more) {
        more.forEach(this::record);
        return this;
    }

    public Changes set(Deadline deadline) {
        deadlines.add(deadline);
        return this;
    }

    public AccountState state() {
        return state;
    }

    /** The balance an answer reports: the account's after these changes, at the moment of deciding. */
    public Balance balance() {
        return state.balanceAt(context.now());
    }

    public Decision answer(CommandResult answer) {
        return new Decision(events, deadlines, answer);
    }

    public Decision refuse(RejectionReason reason, String field, String message) {
        return answer(CommandResult.rejected(reason, field, message, balance()));
    }
}
