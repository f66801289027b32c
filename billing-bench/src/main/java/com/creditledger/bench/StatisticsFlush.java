package com.creditledger.bench;

import com.zaxxer.hikari.HikariDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Gets the backends of the benchmark's database to publish their statistics before
 * pg_stat_database is read. A PostgreSQL 15 backend publishes at most once a second, when it
 * goes idle; one that went idle within that second waits ten more before it publishes, so a pool
 * connection that stopped with the scenario would report its work ten seconds late. A statement
 * run on it more than a second later makes it publish at once: every connection of the pools is
 * borrowed and made to run one. If the database has connections no pool here owns, the harness
 * waits out the ten seconds instead.
 */
final class StatisticsFlush {

    private static final long PUBLISH_INTERVAL_MS = 1_100;
    private static final long IDLE_PUBLISH_MS = 10_500;

    private StatisticsFlush() {
    }

    static void flush(JdbcClient jdbc, List<DataSource> pools) {
        sleep(PUBLISH_INTERVAL_MS);
        int touched = 0;
        for (DataSource pool : pools) {
            touched += touchEveryConnection(pool);
        }
        long connected = jdbc.sql("select count(*) from pg_stat_activity where datname = current_database() and backend_type = 'client backend'")
                .query(Long.class).single();
        if (connected > touched) {
            System.err.printf("  %d connections to the database are not the harness's to touch: waiting %d ms for their statistics%n",
                    connected - touched, IDLE_PUBLISH_MS);
            sleep(IDLE_PUBLISH_MS);
        }
    }

    /** Holds all of the pool's connections at once, so each one runs the statement; returns how many. */
    private static int touchEveryConnection(DataSource dataSource) {
        try {
            if (!dataSource.isWrapperFor(HikariDataSource.class)) {
                return 0;
            }
            HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
            int total = pool.getHikariPoolMXBean().getTotalConnections();
            List<Connection> held = new ArrayList<>(total);
            try {
                for (int i = 0; i < total; i++) {
                    Connection connection = pool.getConnection();
                    held.add(connection);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("select 1");
                    }
                }
            } finally {
                for (Connection connection : held) {
                    connection.close();
                }
            }
            return held.size();
        } catch (SQLException e) {
            throw new IllegalStateException("could not touch the pool's connections", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
