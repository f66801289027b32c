package com.creditledger.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The plain alternative a team would write instead of an event-sourced ledger: a balance column
 * debited with a guarded {@code UPDATE}, plus an append-only ledger table, one short transaction
 * per charge. It is the yardstick the service is compared against, so it is deliberately
 * ordinary: pooled connections, prepared statements, READ COMMITTED, no batching across charges.
 *
 * <p>The guard {@code balance >= ?} inside the {@code UPDATE} is what keeps the balance from going
 * negative under concurrency: PostgreSQL re-checks the predicate on the latest row version after
 * waiting for a concurrent writer, so no explicit locking or retry is needed.
 */
public final class SqlLedgerBaseline implements AutoCloseable {

    private static final String DEBIT =
            "UPDATE bench_account SET balance = balance - ? WHERE id = ? AND balance >= ?";
    private static final String APPEND =
            "INSERT INTO bench_ledger(account_id, job_id, credits) VALUES (?, ?, ?)";

    private static final int INSERT_BATCH = 1_000;
    private static final long PROGRESS_EVERY_SECONDS = 5;

    private final HikariDataSource dataSource;
    private final PrintStream progressOut;

    private SqlLedgerBaseline(HikariDataSource dataSource, PrintStream progressOut) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.progressOut = progressOut;
    }

    /** A baseline on a fresh pool of its own, which {@link #close()} closes. */
    public static SqlLedgerBaseline create(String jdbcUrl, int poolSize) {
        return new SqlLedgerBaseline(pool(jdbcUrl, poolSize), System.err);
    }

    /**
     * A HikariCP pool of exactly {@code poolSize} connections (min idle = max, so no connection is
     * opened in the middle of a measurement). The caller owns it and must close it.
     */
    private static HikariDataSource pool(String jdbcUrl, int poolSize) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be >= 1, was " + poolSize);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("bench-sql-baseline");
        return new HikariDataSource(config);
    }

    /** The pool in use, e.g. for {@link MachineInfo#collect(DataSource)} or for checks in tests. */
    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * (Re)creates the two tables and opens every account with {@code initialCredits}. Dropping
     * first makes each run start from the same state; ANALYZE gives the planner real statistics
     * so the first measured statements are not planned against an empty table.
     */
    public void prepare(List<String> accountIds, long initialCredits) {
        Objects.requireNonNull(accountIds, "accountIds");
        if (initialCredits < 0) {
            throw new IllegalArgumentException("initialCredits must be >= 0, was " + initialCredits);
        }
        try (Connection con = dataSource.getConnection()) {
            con.setAutoCommit(false);
            try {
                try (Statement st = con.createStatement()) {
                    st.execute("DROP TABLE IF EXISTS bench_ledger");
                    st.execute("DROP TABLE IF EXISTS bench_account");
                    st.execute("CREATE TABLE bench_account(id varchar PRIMARY KEY, balance bigint NOT NULL)");
                    st.execute("CREATE TABLE bench_ledger(id bigserial PRIMARY KEY, account_id varchar NOT NULL, "
                            + "job_id varchar NOT NULL, credits bigint NOT NULL, at timestamptz NOT NULL DEFAULT now())");
                }
                try (PreparedStatement ps = con.prepareStatement("INSERT INTO bench_account(id, balance) VALUES (?, ?)")) {
                    int pending = 0;
                    for (String id : accountIds) {
                        ps.setString(1, Objects.requireNonNull(id, "account id"));
                        ps.setLong(2, initialCredits);
                        ps.addBatch();
                        if (++pending == INSERT_BATCH) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        ps.executeBatch();
                    }
                }
                con.commit();
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            }
            // ANALYZE outside the loading transaction so it sees the committed rows.
            con.setAutoCommit(true);
            try (Statement st = con.createStatement()) {
                st.execute("ANALYZE bench_account");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the baseline tables", e);
        }
    }

    /**
     * Executes every charge, one transaction each, from {@code threads} workers that take charges
     * from a shared cursor in list order. Latency is measured per charge from asking the pool for a
     * connection to the commit returning, i.e. including any wait for a free connection, because
     * that is what a caller of such a service would experience.
     *
     * <p>A charge the balance cannot cover is refused (no ledger row) and still counts as an
     * operation. Any SQL error stops the run and is rethrown: a benchmark that silently skips
     * failures would report a flattering rate.
     */
    public Measurement run(String scenario, List<Charge> charges, int threads) {
        Objects.requireNonNull(scenario, "scenario");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, was " + threads);
        }
        List<Charge> work = List.copyOf(charges);
        int total = work.size();
        // A shared cursor over the list is the queue: lock-free, and charges start in list order.
        AtomicInteger cursor = new AtomicInteger();
        LatencyRecorder latency = new LatencyRecorder(total);
        LongAdder refused = new LongAdder();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);

        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    int i;
                    while (failure.get() == null && (i = cursor.getAndIncrement()) < total) {
                        long start = System.nanoTime();
                        boolean applied = charge(work.get(i));
                        latency.record(System.nanoTime() - start);
                        if (!applied) {
                            refused.increment();
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-sql-" + scenario + "-" + t);
            worker.setDaemon(true); // never keep the JVM alive if the caller gives up on a run
            workers.add(worker);
            worker.start();
        }

        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "harness-sql-progress"); // the harness's, not the ledger's: see JvmCpu
            thread.setDaemon(true);
            return thread;
        });
        long elapsedNanos;
        try {
            ready.await();
            // The clock starts once every worker exists, so thread start-up is not billed to the database.
            long startNanos = System.nanoTime();
            go.countDown();
            progress.scheduleAtFixedRate(() -> printProgress(scenario, latency.count(), total, startNanos),
                    PROGRESS_EVERY_SECONDS, PROGRESS_EVERY_SECONDS, TimeUnit.SECONDS);
            for (Thread worker : workers) {
                worker.join();
            }
            elapsedNanos = System.nanoTime() - startNanos;
        } catch (InterruptedException e) {
            // Stop the workers after their current charge (and release any still waiting to start).
            failure.compareAndSet(null, e);
            go.countDown();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + scenario + "'", e);
        } finally {
            progress.shutdownNow();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("baseline run '" + scenario + "' failed after "
                    + latency.count() + " of " + total + " charges", failure.get());
        }
        progressOut.printf(Locale.ROOT, "[%s] done: %,d charges (%,d applied, %,d refused) in %.2f s%n",
                scenario, total, total - refused.sum(), refused.sum(), elapsedNanos / 1e9);
        return new Measurement(scenario, total, elapsedNanos / 1e9, latency.stats());
    }

    /** One charge, one transaction. Returns false when the balance could not cover it (or the account is unknown). */
    private boolean charge(Charge charge) throws SQLException {
        try (Connection con = dataSource.getConnection()) {
            // What Spring's @Transactional does on a pooled connection; the pool restores auto-commit on return.
            con.setAutoCommit(false);
            try {
                int debited;
                try (PreparedStatement ps = con.prepareStatement(DEBIT)) {
                    ps.setLong(1, charge.credits());
                    ps.setString(2, charge.accountId());
                    ps.setLong(3, charge.credits());
                    debited = ps.executeUpdate();
                }
                if (debited == 1) {
                    try (PreparedStatement ps = con.prepareStatement(APPEND)) {
                        ps.setString(1, charge.accountId());
                        ps.setString(2, charge.jobId());
                        ps.setLong(3, charge.credits());
                        ps.executeUpdate();
                    }
                }
                con.commit();
                return debited == 1;
            } catch (SQLException | RuntimeException e) {
                con.rollback();
                throw e;
            }
        }
    }

    /** The current balance, for checks after a run. */
    public long balance(String accountId) {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement("SELECT balance FROM bench_account WHERE id = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no such account: " + accountId);
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the balance of " + accountId, e);
        }
    }

    private void printProgress(String scenario, long done, int total, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        progressOut.printf(Locale.ROOT, "[%s] %,d / %,d charges, %,.0f/s%n",
                scenario, done, total, seconds > 0 ? done / seconds : 0.0);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
