package com.creditledger.api.store;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.util.Map;

/**
 * The database of a command (audit, re-rating) run without the service: {@code --db-url},
 * {@code --db-user}, {@code --db-password}, or else {@code BILLING_DB_URL}, {@code BILLING_DB_USER},
 * {@code BILLING_DB_PASSWORD}.
 */
public final class CommandLineDatabase {

    private CommandLineDatabase() {
    }

    /** Null when neither the option nor the environment names one. */
    public static String url(Map<String, String> options) {
        String url = options.getOrDefault("db-url", System.getenv("BILLING_DB_URL"));
        return url == null || url.isBlank() ? null : url;
    }

    public static DriverManagerDataSource dataSource(String url, Map<String, String> options) {
        return new DriverManagerDataSource(url,
                options.getOrDefault("db-user", System.getenv().getOrDefault("BILLING_DB_USER", "postgres")),
                options.getOrDefault("db-password", System.getenv().getOrDefault("BILLING_DB_PASSWORD", "")));
    }
}
