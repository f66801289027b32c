package com.creditledger.account.decision;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.CommandResult;

import java.util.List;

/**
 * What a decider decided: the events to record, in order, the deadlines to set or cancel, and
 * the answer to give. A refusal may still record events (what time had settled, or a refusal
 * that is a decision on the balance).
 */
public record Decision(List<AccountEvent> events, List<Deadline> deadlines, CommandResult answer) {

    public Decision {
        events = List.copyOf(events);
        deadlines = List.copyOf(deadlines);
    }
}
