package com.creditledger.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of the harness, with the defaults. */
record BenchmarkOptions(int accounts, int charges, int hotCharges, int mixedAccounts, int loadEvents, int reRatingCharges, int holdJobs,
                        int warmUpCharges, int warmUpRounds, double pacedRate, int threads,
                        List<Integer> instances, String dbUrl, boolean brokerInProcess, Path out, Set<String> scenarios, String[] raw) {

    /** What runs unless --scenarios says otherwise: all but {@code instances}, which starts JVMs and repeats the kafka charges per count. */
    static final List<String> DEFAULT = List.of("kafka", "paced", "hot", "holds", "mixed", "replay-processor", "replay", "load", "rerating", "baseline");

    static BenchmarkOptions parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        String scenarios = options.getOrDefault("scenarios", String.join(",", DEFAULT));
        String broker = options.getOrDefault("broker", "process");
        if (!broker.equals("process") && !broker.equals("in-process")) {
            throw new IllegalArgumentException("--broker is process or in-process, not " + broker);
        }
        return new BenchmarkOptions(
                Integer.parseInt(options.getOrDefault("accounts", "10000")),
                Integer.parseInt(options.getOrDefault("charges", "200000")),
                Integer.parseInt(options.getOrDefault("hot-charges", "20000")),
                Integer.parseInt(options.getOrDefault("mixed-accounts", "1000")),
                Integer.parseInt(options.getOrDefault("load-events", "1000000")),
                Integer.parseInt(options.getOrDefault("rerating-charges", "1000000")),
                Integer.parseInt(options.getOrDefault("hold-jobs", "50000")),
                Integer.parseInt(options.getOrDefault("warm-up-charges", "50000")),
                Integer.parseInt(options.getOrDefault("warm-up-rounds", "20")),
                Double.parseDouble(options.getOrDefault("paced-rate", "0")),
                Integer.parseInt(options.getOrDefault("threads", "8")),
                instanceCounts(options.getOrDefault("instances", "1,2,3")),
                options.getOrDefault("db-url", System.getenv("BILLING_BENCH_DB_URL")),
                broker.equals("in-process"),
                Path.of(options.getOrDefault("out", "bench-results.json")),
                Set.of(scenarios.split(",")),
                args);
    }

    private static List<Integer> instanceCounts(String list) {
        List<Integer> counts = Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
        // A count twice would run on the accounts and command ids of its first run: nothing new to decide.
        if (counts.stream().anyMatch(count -> count < 1) || counts.stream().distinct().count() < counts.size()) {
            throw new IllegalArgumentException("--instances is a list of different counts, each at least 1, not " + list);
        }
        return counts;
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }
}
