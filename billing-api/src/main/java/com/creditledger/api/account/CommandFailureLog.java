package com.creditledger.api.account;

import com.creditledger.account.AccountCommand;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.callbacks.FailureLoggingCallback;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the command gateway logs a failed command. Axon logs every failure with its stack trace at
 * WARN; a command for an account that does not exist is the caller's mistake, answered
 * {@code UNKNOWN_ACCOUNT}, so it gets one line at DEBUG, and so does a command that lost the race
 * for its account to another instance, which {@code Accounts} sends again. Every other failure is
 * logged as Axon would.
 */
class CommandFailureLog implements CommandCallback<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(CommandFailureLog.class);

    private final CommandCallback<Object, Object> axon = new FailureLoggingCallback<>(LoggerFactory.getLogger(DefaultCommandGateway.class));

    @Override
    public void onResult(CommandMessage<?> command, CommandResultMessage<?> result) {
        if (result.isExceptional() && result.exceptionResult() instanceof AggregateNotFoundException
                && command.getPayload() instanceof AccountCommand refused) {
            log.debug("{} for account '{}', which does not exist", command.getPayloadType().getSimpleName(), refused.accountId());
            return;
        }
        if (result.isExceptional() && AccountConfiguration.lostRace(result.exceptionResult())
                && command.getPayload() instanceof AccountCommand raced) {
            log.debug("{} on account '{}' lost the race to another writer; it is decided again", command.getPayloadType().getSimpleName(),
                    raced.accountId());
            return;
        }
        axon.onResult(command, result);
    }
}
