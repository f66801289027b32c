package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.Accounts;
import com.creditledger.api.account.JdbcRequestHistory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Runs a batch of commands in one unit of work and one database transaction, so a batch costs
 * one commit instead of one per command. Business refusals are results, not failures, so they
 * never undo the batch; a failure rolls the whole batch back, and Axon evicts what it cached.
 */
class CommandBatches implements CommandDecisions.Execution {

    private final Accounts accounts;
    private final TransactionManager transactionManager;
    private final JdbcRequestHistory requests;

    CommandBatches(Accounts accounts, TransactionManager transactionManager, JdbcRequestHistory requests) {
        this.accounts = accounts;
        this.transactionManager = transactionManager;
        this.requests = requests;
    }

    /** Runs {@code work} in one unit of work with its transaction: the commands it {@link #execute}s nest in it. */
    <T> T inOneTransaction(Supplier<T> work) {
        UnitOfWork<?> batch = DefaultUnitOfWork.startAndGet(null);
        batch.attachTransaction(transactionManager);
        T outcome;
        try {
            outcome = work.get();
        } catch (RuntimeException e) {
            batch.rollback(e);
            throw e;
        }
        batch.commit();
        return outcome;
    }

    /** Within {@link #inOneTransaction}: one query finds every request key the batch's commands may ask about. */
    @Override
    public void prepare(List<AccountCommand> commands) {
        requests.prefetch(commands);
    }

    /** Within {@link #inOneTransaction}: the command's result is known now, durable when the batch commits. */
    @Override
    public CommandDecisions.Outcome execute(AccountCommand command) {
        return new CommandDecisions.Outcome(accounts.handleAsync(command).join(), null);
    }

    /**
     * A database that cannot be reached is no command's fault: the batch must wait and be retried
     * whole, with nothing answered meanwhile.
     */
    static void rethrowIfUnavailable(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof CannotCreateTransactionException
                    || cause instanceof TransientDataAccessException || cause instanceof SQLTransientException
                    || (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                throw new DatabaseUnavailableException(e);
            }
        }
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }

    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(Throwable cause) {
            super("the database is unavailable; the batch will be retried", cause);
        }
    }
}
