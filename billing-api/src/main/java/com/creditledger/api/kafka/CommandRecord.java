package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.CommandResult;

/**
 * What a record of the commands topic turned out to be: a command to execute, a well-formed
 * command that is refused without reaching an account, or something that is not a command.
 */
sealed interface CommandRecord {

    /** The fields every result echoes back, as far as they could be read. */
    record Envelope(String commandId, String type, String accountId, String jobId) {
    }

    record Executable(Envelope envelope, AccountCommand command) implements CommandRecord {
    }

    record Refused(Envelope envelope, CommandResult result) implements CommandRecord {
    }

    record Unreadable(String reason) implements CommandRecord {
    }
}
