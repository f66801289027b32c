package com.creditledger.api.rerating;

import com.creditledger.api.store.CommandLineDatabase;
import com.creditledger.api.store.EventStoreConfiguration;
import com.creditledger.pricing.PriceCatalog;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The re-rating preview from a command line, against a database (a copy, typically), without
 * running the service; the same NDJSON as over HTTP, on standard output:
 * <pre>
 * java -jar billing-api.jar re-rating --from 2026-11-01T00:00:00Z --to 2026-12-01T00:00:00Z --catalog candidate.json
 *      [--db-url jdbc:postgresql://...] [--db-user u] [--db-password p]
 * </pre>
 * The database is chosen by {@link CommandLineDatabase}: the one named, or else the trial run's.
 * Exit status: 0 the preview finished, 1 it failed (an error line says why), 2 the command or the catalog was
 * wrong or the database cannot be reached.
 */
public final class ReRatingCommandLine {

    public static final String USAGE = "usage: re-rating --from INSTANT --to INSTANT --catalog FILE\n       "
            + CommandLineDatabase.OPTIONS;

    private ReRatingCommandLine() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println(USAGE);
                return 2;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (!options.keySet().containsAll(List.of("from", "to", "catalog"))) {
            err.println(USAGE);
            return 2;
        }
        Instant from;
        Instant to;
        try {
            from = Instant.parse(options.get("from"));
            to = Instant.parse(options.get("to"));
        } catch (DateTimeParseException e) {
            err.println("--from and --to are ISO-8601 instants, e.g. 2026-11-01T00:00:00Z: " + e.getMessage());
            return 2;
        }
        if (!to.isAfter(from)) {
            err.println("--to must be after --from");
            return 2;
        }
        PriceCatalog candidate;
        try {
            candidate = CandidateCatalog.read(Files.readAllBytes(Path.of(options.get("catalog"))));
        } catch (IOException e) {
            err.println("cannot read " + options.get("catalog") + ": " + e.getMessage());
            return 2;
        } catch (CandidateCatalog.Invalid e) {
            err.println(options.get("catalog") + (e.path == null ? "" : " at " + e.path) + ": " + e.getMessage());
            return 2;
        }
        try (CommandLineDatabase database = CommandLineDatabase.open(options)) {
            DataSource dataSource = database.dataSource();
            // The service's own JSON shape: ISO instants, no null fields.
            ObjectMapper json = EventStoreConfiguration.axonObjectMapper().setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
            ReRatingPreview preview = new ReRatingPreview(new RecordedCharges(new JdbcTemplate(dataSource), json),
                    new DataSourceTransactionManager(dataSource), json);
            boolean finished = preview.run(from, to, candidate, System.getProperty("user.name") + " (command line)", out) != null;
            out.flush();
            return finished ? 0 : 1;
        } catch (CommandLineDatabase.Unavailable e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
