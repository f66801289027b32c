package com.creditledger.account;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * The one way adapters (HTTP, Kafka) put a command to an account. Every command gets a
 * {@link CommandResult}; a command for an account that does not exist is an answer too.
 * <p>
 * With several instances on one database, a command may lose the race for the account's next
 * sequence number to another instance (its cached account was behind). The loser's unit of work
 * rolls back, which evicts the cached account, so it is simply sent again: loaded afresh and
 * decided again, up to {@link #ATTEMPTS} times. Inside an enclosing unit of work (a Kafka batch)
 * nothing is stored before that unit commits, so the batch, not the command, is retried.
 */
public class Accounts {

    static final int ATTEMPTS = 5;

    private final CommandGateway commandGateway;
    private final Predicate<Throwable> lostRace;

    /** {@code lostRace} tells a failure that another writer caused (a unique key taken first) from any other. */
    public Accounts(CommandGateway commandGateway, Predicate<Throwable> lostRace) {
        this.commandGateway = commandGateway;
        this.lostRace = lostRace;
    }

    public CommandResult handle(AccountCommand command) {
        return handleAsync(command).join();
    }

    public CompletableFuture<CommandResult> handleAsync(AccountCommand command) {
        return send(command, CurrentUnitOfWork.isStarted() ? 1 : ATTEMPTS);
    }

    private CompletableFuture<CommandResult> send(AccountCommand command, int attempts) {
        CompletableFuture<CommandResult> sent = commandGateway.send(command);
        return sent.handle((result, failure) -> {
            if (failure == null) {
                return CompletableFuture.completedFuture(result);
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof AggregateNotFoundException) {
                return CompletableFuture.completedFuture(unknownAccount(command.accountId()));
            }
            if (attempts > 1 && lostRace.test(cause)) {
                return send(command, attempts - 1);
            }
            return CompletableFuture.<CommandResult>failedFuture(cause);
        }).thenCompose(next -> next);
    }

    public static CommandResult unknownAccount(String accountId) {
        return CommandResult.rejected(RejectionReason.UNKNOWN_ACCOUNT, "accountId", "no account '" + accountId + "'", null);
    }
}
