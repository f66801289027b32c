package com.creditledger.api.support;

import com.creditledger.api.store.JdbcUrls;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The PostgreSQL the tests run against: the server named by {@code BILLING_TEST_DB_URL}, or else
 * an embedded one. Either way each test JVM gets a fresh database of its own, dropped at exit.
 */
public final class TestDatabase {

    private static String url;

    private TestDatabase() {
    }

    public static synchronized String url() {
        if (url == null) {
            url = createDatabase();
        }
        return url;
    }

    /** Another fresh database on the same server, for a test that runs an application of its own. */
    public static synchronized String newDatabase() {
        url();
        return createDatabase();
    }

    private static String server;

    private static String createDatabase() {
        if (server == null) {
            String configured = System.getenv("BILLING_TEST_DB_URL");
            server = configured == null || configured.isBlank() ? startEmbedded() : configured;
        }
        String name = "billing_test_" + ProcessHandle.current().pid() + "_" + (System.nanoTime() % 1_000_000_000);
        execute(server, "create database " + name);
        String serverUrl = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute(serverUrl, "drop database if exists " + name + " with (force)")));
        return JdbcUrls.withDatabase(server, name);
    }

    private static String startEmbedded() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temporary directory goes with the next reboot
                }
            }));
            return postgres.getJdbcUrl("postgres", "postgres");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
        }
    }


    private static void execute(String url, String sql) {
        Properties properties = new Properties();
        if (!url.contains("user=")) {
            properties.setProperty("user", System.getenv().getOrDefault("BILLING_TEST_DB_USER", "postgres"));
        }
        try (Connection connection = DriverManager.getConnection(url, properties);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on " + url, e);
        }
    }
}
