package com.creditledger.api.store;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.datasource.DataSourceUtils;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transactions that commit without waiting for the disk ({@code synchronous_commit} off), for
 * the processors that follow the store: projections and the event publisher. They can afford
 * it. A database crash loses at most the last fraction of a second of their commits, each one
 * whole (rows and token together, as if it had not run), and the processor then folds or sends
 * those events again, as it would any batch that failed. A command's own commit still waits
 * for the disk, and flushing its WAL flushes everything before it. What it saves is a disk
 * flush per processor batch: at moderate rates most of the commits, each queued before the
 * commands' own (about 0.7 ms a flush on this machine's disk).
 * <p>
 * Only for transactions a processor starts on its own thread: one that joined a command's
 * transaction would make the command's commit asynchronous too.
 */
public final class AsynchronousCommits implements TransactionManager {

    private final TransactionManager transactions;
    private final DataSource dataSource;

    public AsynchronousCommits(TransactionManager transactions, DataSource dataSource) {
        this.transactions = transactions;
        this.dataSource = dataSource;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = transactions.startTransaction();
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try (Statement statement = connection.createStatement()) {
            statement.execute("set local synchronous_commit to off");
        } catch (SQLException | RuntimeException e) {
            transaction.rollback();
            throw new IllegalStateException("could not start a transaction that commits asynchronously", e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return transaction;
    }
}
