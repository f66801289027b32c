package com.creditledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Collects the figures of one benchmark run and presents them twice: an aligned table for the
 * person at the terminal, and a JSON file (with machine facts and arguments) for comparing runs
 * later. Everything keeps insertion order so both read in the order the run happened.
 */
public final class Report {

    private static final String[] HEADERS =
            {"scenario", "operations", "seconds", "per second", "p50 ms", "p95 ms", "p99 ms", "max ms",
                    "service µs", "of it JIT", "harness µs", "broker µs", "postgres µs", "total µs", "commits", "rows", "WAL bytes", "statements"};
    private static final String LEGEND = "µs: CPU per operation (of it JIT: the JIT compiler threads' share of the service's); commits, rows (inserted + updated + deleted), WAL bytes and statements: "
            + "per operation, in the benchmark's database (WAL: the server's); n/a: not measured; -: no latencies";

    private final Instant startedAt = Instant.now();
    private final List<String> arguments;
    private final List<Measurement> measurements = new ArrayList<>();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private Map<String, Object> machine = Map.of();

    /** @param arguments the command line as given, recorded so a JSON file says how to reproduce it */
    public Report(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
    }

    /** The facts from {@link MachineInfo#collect}; stored as given. */
    public synchronized Report machine(Map<String, Object> machineInfo) {
        this.machine = new LinkedHashMap<>(machineInfo);
        return this;
    }

    public synchronized Report add(Measurement measurement) {
        measurements.add(Objects.requireNonNull(measurement, "measurement"));
        return this;
    }

    /** A named figure that is not a timed scenario: replay events/s, load ms, ratios. Re-putting a key replaces it. */
    public synchronized Report put(String key, Object value) {
        extras.put(Objects.requireNonNull(key, "key"), value);
        return this;
    }


    public synchronized void printTable(PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (Measurement m : measurements) {
            rows.add(row(m));
        }
        int[] widths = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(rows.get(r), widths));
            if (r == 0) {
                String[] rule = new String[widths.length];
                for (int c = 0; c < widths.length; c++) {
                    rule[c] = "-".repeat(widths[c]);
                }
                out.println(line(rule, widths));
            }
        }
        out.println(LEGEND);
        printThreads(out);
        if (!extras.isEmpty()) {
            out.println();
            int keyWidth = extras.keySet().stream().mapToInt(String::length).max().orElse(0);
            extras.forEach((key, value) ->
                    out.println(String.format(Locale.ROOT, "%-" + keyWidth + "s  %s", key, format(value))));
        }
        out.flush();
    }

    /** Where this JVM's CPU went, per operation, by kind of thread: the biggest eight of each scenario. */
    private void printThreads(PrintStream out) {
        for (Measurement m : measurements) {
            if (m.cost() == null || m.cost().cpu().threadKindNanos().isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "JVM threads, µs per operation, %s:", m.scenario()));
            JvmThreads.byCost(m.cost().cpu().threadKindNanos()).stream()
                    .limit(8)
                    .forEach(kind -> line.append(String.format(Locale.ROOT, " %s %.1f;", kind.getKey(),
                            kind.getValue() / 1e3 / Math.max(1, m.operations()))));
            out.println(line);
        }
    }

    /** Writes the whole report, pretty-printed; parent directories are created so "out/run.json" just works. */
    public synchronized void writeJson(Path file) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("timestamp", Instant.now().toString());
        root.put("startedAt", startedAt.toString());
        root.put("arguments", arguments);
        root.put("machine", machine);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Measurement m : measurements) {
            ms.add(toJson(m));
        }
        root.put("measurements", ms);
        root.put("extras", extras);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            mapper.writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** Spelled out rather than serialising the record, so perSecond (a method, not a component) is included. */
    private static Map<String, Object> toJson(Measurement m) {
        LatencyStats l = m.latency();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("count", l.count());
        latency.put("p50Ms", l.p50Ms());
        latency.put("p95Ms", l.p95Ms());
        latency.put("p99Ms", l.p99Ms());
        latency.put("maxMs", l.maxMs());
        latency.put("meanMs", l.meanMs());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", m.scenario());
        json.put("operations", m.operations());
        json.put("seconds", m.seconds());
        json.put("perSecond", m.perSecond());
        json.put("latency", latency);
        ScenarioCost.PerOperation perOperation = m.costPerOperation();
        if (perOperation != null) {
            json.put("cost", costJson(m.cost(), perOperation, m.operations()));
        }
        return json;
    }

    /** Per operation first (what runs are compared by), then the raw totals they come from; null: not measured. */
    private static Map<String, Object> costJson(ScenarioCost cost, ScenarioCost.PerOperation p, long operations) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("service", p.serviceMicros());
        cpu.put("ofServiceJit", p.jitMicros());
        cpu.put("harness", p.harnessMicros());
        cpu.put("broker", p.brokerMicros());
        cpu.put("postgres", p.postgresMicros());
        cpu.put("total", p.totalMicros());
        Map<String, Object> database = new LinkedHashMap<>();
        database.put("commits", p.commits());
        database.put("rowsWritten", p.rowsWritten());
        database.put("walBytes", p.walBytes());
        database.put("statements", p.statements());
        Map<String, Object> cpuSeconds = new LinkedHashMap<>();
        cpuSeconds.put("service", cost.cpu().serviceNanos() / 1e9);
        cpuSeconds.put("harness", cost.cpu().harnessNanos() / 1e9);
        cpuSeconds.put("broker", cost.cpu().brokerNanos() == null ? null : cost.cpu().brokerNanos() / 1e9);
        cpuSeconds.put("postgres", cost.cpu().postgresNanos() == null ? null : cost.cpu().postgresNanos() / 1e9);
        DatabaseCounters counters = cost.database();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("windowSeconds", cost.seconds());
        totals.put("cpuSeconds", cpuSeconds);
        totals.put("commits", counters.commits());
        totals.put("rowsInserted", counters.inserted());
        totals.put("rowsUpdated", counters.updated());
        totals.put("rowsDeleted", counters.deleted());
        totals.put("walBytes", counters.walBytes());
        totals.put("statements", counters.statements());
        Map<String, Object> byThread = new LinkedHashMap<>();
        JvmThreads.byCost(cost.cpu().threadKindNanos())
                .forEach(kind -> byThread.put(kind.getKey(), kind.getValue() / 1e3 / Math.max(1, operations)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("cpuMicrosPerOperation", cpu);
        json.put("jvmCpuMicrosPerOperationByThread", byThread);
        json.put("databasePerOperation", database);
        json.put("totals", totals);
        return json;
    }

    private static String[] row(Measurement m) {
        LatencyStats l = m.latency();
        boolean timed = l.count() > 0;
        ScenarioCost.PerOperation p = m.costPerOperation();
        return new String[]{
                m.scenario(),
                String.format(Locale.ROOT, "%,d", m.operations()),
                String.format(Locale.ROOT, "%.2f", m.seconds()),
                String.format(Locale.ROOT, "%,.1f", m.perSecond()),
                timed ? ms(l.p50Ms()) : "-", timed ? ms(l.p95Ms()) : "-", timed ? ms(l.p99Ms()) : "-", timed ? ms(l.maxMs()) : "-",
                p == null ? "n/a" : micros(p.serviceMicros()),
                p == null || p.jitMicros() == null ? "n/a" : micros(p.jitMicros()),
                p == null ? "n/a" : micros(p.harnessMicros()),
                p == null ? "n/a" : micros(p.brokerMicros()),
                p == null ? "n/a" : micros(p.postgresMicros()),
                p == null ? "n/a" : micros(p.totalMicros()),
                p == null ? "n/a" : String.format(Locale.ROOT, "%.3f", p.commits()),
                p == null ? "n/a" : String.format(Locale.ROOT, "%.2f", p.rowsWritten()),
                p == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", p.walBytes()),
                p == null || p.statements() == null ? "n/a" : String.format(Locale.ROOT, "%.2f", p.statements())};
    }

    private static String micros(Double micros) {
        return micros == null ? "n/a" : String.format(Locale.ROOT, "%,.1f", micros);
    }

    /** Text left-aligned in the first column, numbers right-aligned in the others so digits line up. */
    private static String line(String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(widths[c] - cells[c].length());
            sb.append(c == 0 ? cells[c] + pad : pad + cells[c]);
        }
        return sb.toString().stripTrailing();
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    /** Floating figures (timings, ratios) to three decimals; integers and text as they are. */
    private static String format(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return String.format(Locale.ROOT, "%,.3f", ((Number) value).doubleValue());
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }
}
