package com.creditledger.account;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one way adapters (HTTP, Kafka) put a command to an account. Every command gets a
 * {@link CommandResult}; a command for an account that does not exist is an answer too.
 */
public class Accounts {

    private final CommandGateway commandGateway;

    public Accounts(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    public CommandResult handle(AccountCommand command) {
        return handleAsync(command).join();
    }

    public CompletableFuture<CommandResult> handleAsync(AccountCommand command) {
        CompletableFuture<CommandResult> sent = commandGateway.send(command);
        return sent.exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof AggregateNotFoundException) {
                return unknownAccount(command.accountId());
            }
            throw failure instanceof CompletionException completion ? completion : new CompletionException(cause);
        });
    }

    public static CommandResult unknownAccount(String accountId) {
        return CommandResult.rejected(RejectionReason.UNKNOWN_ACCOUNT, "accountId", "no account '" + accountId + "'", null);
    }
}
