package com.creditledger.api.audit;

import com.creditledger.account.upcasting.AccountUpcasters;
import com.creditledger.api.store.CommandLineDatabase;
import com.creditledger.api.store.EventStoreConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.json.JacksonSerializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit, from a command line, against a database (a copy, typically) without running the
 * service:
 * <pre>
 * java -jar billing-api.jar audit verify  --account acc-1 [--db-url jdbc:postgresql://...] [--db-user u] [--db-password p]
 * java -jar billing-api.jar audit verify  --all
 * java -jar billing-api.jar audit balance --account acc-1 --as-of 2026-11-15T12:00:00Z
 * java -jar billing-api.jar audit events  --account acc-1 [--format json|ndjson|csv]
 * </pre>
 * The database defaults to {@code BILLING_DB_URL} ({@code BILLING_DB_USER}, {@code BILLING_DB_PASSWORD}).
 * Exit status: 0 all verified, 1 a problem was found, 2 the command was wrong.
 */
public final class AuditCommandLine {

    private static final String USAGE = "usage: audit verify (--account ID | --all) | audit balance --account ID --as-of INSTANT"
            + " | audit events --account ID [--format json|ndjson|csv]   [--db-url URL] [--db-user USER] [--db-password PASSWORD]";

    private AuditCommandLine() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--all")) {
                options.put("all", "true");
            } else if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                err.println(USAGE);
                return 2;
            }
        }
        String url = CommandLineDatabase.url(options);
        if (args.length == 0 || url == null) {
            err.println(USAGE);
            err.println("name the database with --db-url or BILLING_DB_URL");
            return 2;
        }
        DriverManagerDataSource dataSource = CommandLineDatabase.dataSource(url, options);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        ObjectMapper axonJson = EventStoreConfiguration.axonObjectMapper();
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(axonJson).build();
        AccountAudit audit = new AccountAudit(jdbc, JdbcEventStorageEngine.builder()
                .connectionProvider(dataSource::getConnection)
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(AccountUpcasters.chain())
                .schema(EventStoreConfiguration.schema())
                .build());
        TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        readOnly.setReadOnly(true);
        ObjectMapper output = axonJson.copy().enable(SerializationFeature.INDENT_OUTPUT);
        String account = options.get("account");
        try {
            switch (args[0]) {
                case "verify" -> {
                    if (account != null) {
                        AccountAudit.Verification verification = audit.verify(account);
                        out.println(output.writeValueAsString(verification));
                        return verification.ok() ? 0 : 1;
                    }
                    if (!options.containsKey("all")) {
                        err.println(USAGE);
                        return 2;
                    }
                    return verifyAll(audit, readOnly, output, out, err);
                }
                case "balance" -> {
                    if (account == null || !options.containsKey("as-of")) {
                        err.println(USAGE);
                        return 2;
                    }
                    out.println(output.writeValueAsString(audit.balanceAsOf(account, Instant.parse(options.get("as-of")))));
                    return 0;
                }
                case "events" -> {
                    if (account == null) {
                        err.println(USAGE);
                        return 2;
                    }
                    EventExport.Format format = EventExport.Format.of(options.getOrDefault("format", "ndjson"), null);
                    readOnly.executeWithoutResult(status -> {
                        try (EventExport export = new EventExport(format, unclosable(out))) {
                            audit.events(account, null, null, export::write);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    out.println();
                    return 0;
                }
                default -> {
                    err.println(USAGE);
                    return 2;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int verifyAll(AccountAudit audit, TransactionTemplate readOnly, ObjectMapper output, PrintStream out,
                                 PrintStream err) {
        AtomicLong checked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        readOnly.executeWithoutResult(status -> audit.accounts(accountId -> {
            AccountAudit.Verification verification = audit.verify(accountId);
            if (!verification.ok()) {
                failed.incrementAndGet();
                try {
                    out.println(output.writeValueAsString(verification));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (checked.incrementAndGet() % 1000 == 0) {
                err.println(checked.get() + " accounts verified, " + failed.get() + " with problems");
            }
        }));
        err.println("done: " + checked.get() + " accounts verified, " + failed.get() + " with problems");
        return failed.get() == 0 ? 0 : 1;
    }

    private static OutputStream unclosable(PrintStream out) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                out.write(b, off, len);
            }
        };
    }
}
