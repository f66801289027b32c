package com.creditledger.account.decision;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.time.Elapsed;

/** A feature's rule: a pure function of what time has settled, the command and the context. */
@FunctionalInterface
public interface Decider<C extends AccountCommand> {

    Decision decide(Elapsed time, C command, Context context);
}
