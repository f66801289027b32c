package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.Accounts;
import com.creditledger.account.CommandResult;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Executes a batch of commands in one unit of work and one database transaction, so a batch
 * costs one commit instead of one per command. Business refusals are results, not failures,
 * so they never undo the batch.
 * <p>
 * If the batch fails anyway, it is rolled back whole (Axon evicts what it cached) and replayed
 * one command per transaction: idempotency makes that safe, and it confines a command that
 * fails on its own to itself. A database that is unreachable is not any command's fault: that
 * failure is thrown, so the batch is retried later and nothing is answered in the meantime.
 */
class CommandBatches {

    private static final Logger log = LoggerFactory.getLogger(CommandBatches.class);

    /** The outcome of one command: a result, or the failure that left it without one. */
    record Outcome(CommandResult result, Throwable failure) {
    }

    private final Accounts accounts;
    private final TransactionManager transactionManager;

    CommandBatches(Accounts accounts, TransactionManager transactionManager) {
        this.accounts = accounts;
        this.transactionManager = transactionManager;
    }

    List<Outcome> execute(List<AccountCommand> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        try {
            return inOneTransaction(commands);
        } catch (RuntimeException e) {
            rethrowIfUnavailable(e);
            log.warn("A batch of {} commands failed ({}); retrying them one transaction each", commands.size(), e.toString());
            return oneByOne(commands);
        }
    }

    private List<Outcome> inOneTransaction(List<AccountCommand> commands) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactionManager);
        List<Outcome> outcomes = new ArrayList<>(commands.size());
        try {
            for (AccountCommand command : commands) {
                // Each command's unit of work nests in the batch's; its result is known now, durable at the commit.
                CommandResult result = accounts.handleAsync(command).join();
                outcomes.add(new Outcome(result, null));
            }
        } catch (RuntimeException e) {
            batch.rollback(e);
            throw e;
        }
        batch.commit();
        return outcomes;
    }

    private List<Outcome> oneByOne(List<AccountCommand> commands) {
        List<Outcome> outcomes = new ArrayList<>(commands.size());
        for (AccountCommand command : commands) {
            try {
                outcomes.add(new Outcome(accounts.handle(command), null));
            } catch (RuntimeException e) {
                rethrowIfUnavailable(e);
                log.error("Command {} on account {} failed on its own", command.getClass().getSimpleName(), command.accountId(), e);
                outcomes.add(new Outcome(null, unwrap(e)));
            }
        }
        return outcomes;
    }

    private static void rethrowIfUnavailable(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransientDataAccessException || cause instanceof SQLTransientException
                    || (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                throw new DatabaseUnavailableException(e);
            }
        }
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(Throwable cause) {
            super("the database is unavailable; the batch will be retried", cause);
        }
    }
}
