package com.creditledger.account.time;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountState;

import java.util.ArrayList;
import java.util.List;

/**
 * What the passing of time has decided by now, whether or not a deadline has fired yet: holds past
 * their expiry (with the end of a cycle that came before one of them) and then the end of a cycle
 * that is over. A command that is valid records it first; an invalid one records nothing.
 *
 * @param before   the account as recorded
 * @param holds    the expiries of overdue holds, with any cycle end among them, in the order they happened
 * @param cycleEnd the end of the cycle, over by now, after those; null if none
 */
public record Elapsed(AccountState before, List<AccountEvent> holds, SubscriptionCreditsExpired cycleEnd) {

    public List<AccountEvent> events() {
        if (cycleEnd == null) {
            return holds;
        }
        List<AccountEvent> events = new ArrayList<>(holds);
        events.add(cycleEnd);
        return events;
    }
}
