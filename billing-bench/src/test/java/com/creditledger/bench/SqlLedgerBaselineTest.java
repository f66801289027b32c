package com.creditledger.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the baseline against a real PostgreSQL: the one BILLING_TEST_DB_URL names, or else an
 * embedded one, like every other test of the project.
 * Each test class run gets its own schema (via the driver's currentSchema parameter), so it never
 * touches bench_ tables a benchmark may have left in the default schema, and is dropped afterwards.
 */
class SqlLedgerBaselineTest {

    private static final String SCHEMA = "bench_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static String baseUrl;
    private static SqlLedgerBaseline baseline;
    private static EmbeddedPostgres embedded;

    @BeforeAll
    static void createSchemaAndPool() throws SQLException {
        String fromEnv = System.getenv("BILLING_TEST_DB_URL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            baseUrl = fromEnv;
        } else {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            baseUrl = embedded.getJdbcUrl("postgres", "postgres");
        }
        try (Connection con = DriverManager.getConnection(baseUrl); Statement st = con.createStatement()) {
            st.execute("CREATE SCHEMA " + SCHEMA);
        }
        String url = baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
        baseline = SqlLedgerBaseline.create(url, 4);
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        if (baseline != null) {
            baseline.close();
        }
        try (Connection con = DriverManager.getConnection(baseUrl); Statement st = con.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (java.io.IOException ignored) {
                // the JVM is about to end; the temporary cluster goes with it
            }
        }
    }

    private final List<String> accounts = IntStream.range(0, 10).mapToObj(i -> "acct-" + i).toList();

    @BeforeEach
    void tenAccountsOfHundredCredits() {
        baseline.prepare(accounts, 100);
    }

    @Test
    void chargesDebitExactlyAndAnUncoverableChargeLeavesNoTrace() throws SQLException {
        List<Charge> charges = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            charges.add(new Charge(accounts.get(i % 10), "job-" + i, 5)); // 5 charges of 5 per account
        }
        // 101 exceeds even the opening balance, so it is refused whatever order the threads run in.
        charges.add(25, new Charge("acct-3", "job-too-big", 101));

        Measurement m = baseline.run("test", charges, 4);

        assertThat(m.operations()).isEqualTo(51);
        assertThat(m.latency().count()).isEqualTo(51);
        assertThat(m.seconds()).isPositive();
        for (String account : accounts) {
            assertThat(baseline.balance(account)).as(account).isEqualTo(75);
            assertThat(ledgerRows(account)).as(account).isEqualTo(5);
            assertThat(ledgerSum(account)).as(account).isEqualTo(25);
        }
        assertThat(totalLedgerRows()).isEqualTo(50);
        assertThat(rowsForJob("job-too-big")).isZero();
        assertThat(distinctJobs()).isEqualTo(50); // every accepted charge exactly once
    }

    @Test
    void racingChargesOnOneAccountNeverTakeItBelowZero() throws SQLException {
        // 30 charges of 7 against 100 credits over 4 threads: exactly 14 fit (98), then 2 are left.
        List<Charge> charges = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            charges.add(new Charge("acct-0", "hot-" + i, 7));
        }

        Measurement m = baseline.run("test-hot", charges, 4);

        assertThat(m.operations()).isEqualTo(30);
        assertThat(baseline.balance("acct-0")).isEqualTo(2);
        assertThat(ledgerRows("acct-0")).isEqualTo(14);
        assertThat(ledgerSum("acct-0")).isEqualTo(98);
        assertThat(totalLedgerRows()).isEqualTo(14);
        assertThat(baseline.balance("acct-1")).isEqualTo(100); // untouched neighbours stay untouched
    }

    @Test
    void prepareStartsFromACleanSlate() throws SQLException {
        baseline.run("dirty", List.of(new Charge("acct-0", "j", 10)), 1);

        baseline.prepare(accounts, 100);

        assertThat(baseline.balance("acct-0")).isEqualTo(100);
        assertThat(totalLedgerRows()).isZero();
    }

    private static long ledgerRows(String account) throws SQLException {
        return queryLong("SELECT count(*) FROM bench_ledger WHERE account_id = ?", account);
    }

    private static long ledgerSum(String account) throws SQLException {
        return queryLong("SELECT coalesce(sum(credits), 0) FROM bench_ledger WHERE account_id = ?", account);
    }

    private static long rowsForJob(String job) throws SQLException {
        return queryLong("SELECT count(*) FROM bench_ledger WHERE job_id = ?", job);
    }

    private static long totalLedgerRows() throws SQLException {
        return queryLong("SELECT count(*) FROM bench_ledger");
    }

    private static long distinctJobs() throws SQLException {
        return queryLong("SELECT count(DISTINCT job_id) FROM bench_ledger");
    }

    private static long queryLong(String sql, String... params) throws SQLException {
        try (Connection con = baseline.dataSource().getConnection(); PreparedStatement ps = con.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
