package com.creditledger.api.audit;

import com.creditledger.account.AccountIds;
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
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

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
 * The database is chosen by {@link CommandLineDatabase}: the one named, or else the trial run's.
 * Exit status: 0 all verified, 1 a problem was found or the account does not exist, 2 the command
 * was wrong or the database cannot be reached.
 */
public final class AuditCommandLine {

    public static final String USAGE = "usage: audit verify --account ID | audit verify --all | audit balance --account ID --as-of INSTANT\n"
            + "       | audit events --account ID [--format json|ndjson|csv]\n       " + CommandLineDatabase.OPTIONS;

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
                return wrong(err, "unexpected '" + args[i] + "'");
            }
        }
        String account = options.get("account");
        String command = args.length == 0 ? "" : args[0];
        String wrong = switch (command) {
            case "verify" -> account == null && !options.containsKey("all") ? "verify needs --account ID or --all" : null;
            case "balance" -> account == null || !options.containsKey("as-of") ? "balance needs --account ID and --as-of INSTANT" : null;
            case "events" -> account == null ? "events needs --account ID" : null;
            default -> "no audit command '" + command + "'";
        };
        if (wrong != null) {
            return wrong(err, wrong);
        }
        Instant asOf;
        EventExport.Format format;
        try {
            if (account != null) {
                AccountIds.requireAccountId(account);
            }
            asOf = options.containsKey("as-of") ? Instant.parse(options.get("as-of")) : null;
            format = EventExport.Format.of(options.getOrDefault("format", "ndjson"), null);
        } catch (RuntimeException e) {
            return wrong(err, e.getMessage());
        }
        try (CommandLineDatabase database = CommandLineDatabase.open(options)) {
            return run(command, account, asOf, format, options.containsKey("all"), database.dataSource(), out, err);
        } catch (CommandLineDatabase.Unavailable e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int run(String command, String account, Instant asOf, EventExport.Format format, boolean all,
                           DataSource dataSource, PrintStream out, PrintStream err) throws IOException {
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
        if (account != null && !audit.exists(account)) {
            // as over HTTP (404 UNKNOWN_ACCOUNT): nothing to verify is not "verified"
            err.println("no account '" + account + "' (UNKNOWN_ACCOUNT)");
            return 1;
        }
        switch (command) {
            case "verify" -> {
                if (all) {
                    return verifyAll(audit, readOnly, output, out, err);
                }
                AccountAudit.Verification verification = audit.verify(account);
                out.println(output.writeValueAsString(verification));
                return verification.ok() ? 0 : 1;
            }
            case "balance" -> {
                out.println(output.writeValueAsString(audit.balanceAsOf(account, asOf)));
                return 0;
            }
            default -> {
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
        }
    }

    private static int wrong(PrintStream err, String what) {
        err.println(what);
        err.println(USAGE);
        return 2;
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
