package com.creditledger.api.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The database of a command (audit, re-rating) run without the service: {@code --db-url},
 * {@code --db-user}, {@code --db-password}, or else {@code BILLING_DB_URL}, {@code BILLING_DB_USER},
 * {@code BILLING_DB_PASSWORD}; with neither, the trial run's embedded database in
 * {@code --data-dir} ({@code BILLING_DATA_DIR}, {@code ./data}): the running service's PostgreSQL
 * if it is up, or else one started on that directory for the command and stopped after it.
 */
public final class CommandLineDatabase implements AutoCloseable {

    public static final String OPTIONS = "[--db-url URL [--db-user USER] [--db-password PASSWORD] | --data-dir DIR]";

    /** The database cannot be reached, or there is none; the message says which and what to do. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final DriverManagerDataSource dataSource;
    private final EmbeddedPostgres started;

    private CommandLineDatabase(DriverManagerDataSource dataSource, EmbeddedPostgres started) {
        this.dataSource = dataSource;
        this.started = started;
    }

    public static CommandLineDatabase open(Map<String, String> options) throws Unavailable {
        String url = options.getOrDefault("db-url", System.getenv("BILLING_DB_URL"));
        if (url != null && !url.isBlank()) {
            DriverManagerDataSource dataSource = new DriverManagerDataSource(url,
                    options.getOrDefault("db-user", System.getenv().getOrDefault("BILLING_DB_USER", "postgres")),
                    options.getOrDefault("db-password", System.getenv().getOrDefault("BILLING_DB_PASSWORD", "")));
            requireConnection(dataSource, withoutQuery(url));
            return new CommandLineDatabase(dataSource, null);
        }
        return trialDatabase(Path.of(options.getOrDefault("data-dir", System.getenv().getOrDefault("BILLING_DATA_DIR", "./data"))));
    }

    public DriverManagerDataSource dataSource() {
        return dataSource;
    }

    private static CommandLineDatabase trialDatabase(Path directory) throws Unavailable {
        if (!Files.exists(directory.resolve("PG_VERSION"))) {
            throw new Unavailable("no database: " + directory.toAbsolutePath().normalize() + " holds no trial-run database. "
                    + "Name one with --db-url (or BILLING_DB_URL), or point --data-dir at the service's BILLING_DATA_DIR.");
        }
        Integer runningPort = runningPort(directory);
        if (runningPort != null) {
            DriverManagerDataSource running = local(runningPort);
            try {
                requireConnection(running, "");
                return new CommandLineDatabase(running, null);
            } catch (Unavailable stalePidFile) {
                // left by a PostgreSQL that was killed: starting one on the directory clears it
            }
        }
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(directory.toFile())
                    .setCleanDataDirectory(false)
                    .start();
            return new CommandLineDatabase(local(postgres.getPort()), postgres);
        } catch (IOException | RuntimeException e) {
            throw new Unavailable("cannot start the trial-run database in " + directory.toAbsolutePath().normalize() + ": " + e.getMessage());
        }
    }

    /** The port of the PostgreSQL running on the directory (the service's), from its lock file: its fourth line. */
    private static Integer runningPort(Path directory) throws Unavailable {
        Path pidFile = directory.resolve("postmaster.pid");
        try {
            List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
            return lines.size() < 4 ? null : Integer.valueOf(lines.get(3).trim());
        } catch (IOException | NumberFormatException e) {
            throw new Unavailable("cannot read " + pidFile + ": " + e.getMessage());
        }
    }

    private static DriverManagerDataSource local(int port) {
        return new DriverManagerDataSource("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "");
    }

    private static void requireConnection(DriverManagerDataSource dataSource, String shownUrl) throws Unavailable {
        try (Connection ignored = dataSource.getConnection()) {
            // reachable
        } catch (SQLException e) {
            throw new Unavailable("cannot connect to the database " + shownUrl + ": " + e.getMessage());
        }
    }

    /** A URL's query string may hold a password. */
    private static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public void close() throws IOException {
        if (started != null) {
            started.close();
        }
    }
}
