package com.creditledger.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The service-side scenarios, each one measured end to end over Kafka. */
final class Scenarios {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final long INITIAL_TOP_UP = 1_000_000_000L;
    private static final int WARM_UP_ATTEMPTS = 3;
    /** The JIT's share of the JVM's CPU under which the service counts as warm. */
    private static final double JIT_SETTLED = 0.10;

    private final BenchmarkOptions options;
    private final KafkaDriver driver;
    private final JdbcClient jdbc;
    private final CostMeter meter;
    private final Report report;
    private List<Charge> throughputCharges;
    private List<Charge> hotCharges;
    private Measurement kafka;
    private Measurement hot;

    /** What one measured run of commands gave: the results, and the figures reported. */
    private record Sent(KafkaDriver.Run run, Measurement measurement) {
    }

    Scenarios(BenchmarkOptions options, KafkaDriver driver, JdbcClient jdbc, CostMeter meter, Report report) {
        this.options = options;
        this.driver = driver;
        this.jdbc = jdbc;
        this.meter = meter;
        this.report = report;
    }

    /** N accounts with credits, then M charges as fast as they can be produced; then the same at half that rate. */
    void throughput() {
        List<String> accounts = BenchmarkMain.accounts("acc", options.accounts());
        setUp(accounts);
        throughputCharges = randomCharges(accounts, options.charges());
        warmUp(accounts);
        if (options.runs("kafka") || options.runs("baseline")) {
            kafka = send("kafka", "kafka charges, " + options.accounts() + " accounts", chargeCommands("k", throughputCharges), 0)
                    .measurement();
        }
        if (options.runs("paced") && kafka != null) {
            // A rate of one's own compares settings at the same load: half of each run's peak moves with the peak.
            double rate = options.pacedRate() > 0 ? options.pacedRate() : kafka.perSecond() / 2;
            int count = (int) Math.min(throughputCharges.size(), Math.max(1000, rate * 20));
            send("paced", String.format(options.pacedRate() > 0 ? "kafka charges paced at %.0f/s" : "kafka charges at half the peak (%.0f/s)", rate), chargeCommands("p", throughputCharges.subList(0, count)),
                    rate);
        }
    }

    /**
     * Charges decided before the first timed scenario, over the same accounts, in rounds until
     * the JIT compilers have settled: a service runs for days, so what is measured is its steady
     * state. A freshly started service (and broker) spends minutes compiling: in its first
     * 200,000 charges the compiler threads took a third of its CPU, and the CPU per charge of
     * every part was about twice that of a warm one (seen with {@link JvmThreads}).
     */
    private void warmUp(List<String> accounts) {
        for (int round = 1; round <= options.warmUpRounds(); round++) {
            JvmThreads.Reading before = JvmThreads.read();
            driver.run("warm-up " + round, chargeCommands("kw" + round, randomCharges(accounts, options.warmUpCharges())), 0, TIMEOUT);
            Map<String, Long> used = JvmThreads.growthByKind(before, JvmThreads.read());
            long all = used.values().stream().mapToLong(Long::longValue).sum();
            long jit = JvmThreads.jitNanos(used);
            double share = all == 0 ? 0 : (double) jit / all;
            System.err.printf("  warm-up %d: the JIT compilers took %.0f%% of this JVM's CPU%n", round, 100 * share);
            report.put("warmUp.rounds", round);
            report.put("warmUp.lastJitShare", share);
            if (share < JIT_SETTLED) {
                return;
            }
        }
    }

    /** Every charge on one account. */
    void hotAccount() {
        String account = "hot-0";
        setUp(List.of(account));
        hotCharges = new ArrayList<>(options.hotCharges());
        for (int i = 0; i < options.hotCharges(); i++) {
            hotCharges.add(new Charge(account, "hot-job-" + i, 5));
        }
        hot = send("hot", "kafka charges, one hot account", chargeCommands("h", hotCharges), 0).measurement();
    }

    /**
     * A month of mixed commands over Kafka: renewals, top-ups, charges across all tools, refunds,
     * and a second renewal. Every account's balance must end equal to a reference computed here.
     */
    void mixedMonth() {
        Random random = BenchmarkMain.random();
        List<String> accounts = BenchmarkMain.accounts("mix", options.mixedAccounts());
        List<String[]> commands = new ArrayList<>();
        Map<String, long[]> expected = new HashMap<>();
        Map<String, long[]> charged = new HashMap<>();
        int id = 0;
        for (String account : accounts) {
            commands.add(command(account, "m-" + id++, "{\"type\":\"OpenAccount\",\"accountId\":\"%s\"".formatted(account)));
            commands.add(command(account, "m-" + id++, renewal(account, 300, "2026-11-01T00:00:00Z", "2099-12-01T00:00:00Z")));
            expected.put(account, new long[]{300, 0});
        }
        for (int round = 0; round < 20; round++) {
            for (String account : accounts) {
                long[] balance = expected.get(account);
                int dice = random.nextInt(10);
                if (dice == 0) {
                    long credits = 1 + random.nextInt(200);
                    commands.add(command(account, "m-" + id, "{\"type\":\"TopUp\",\"accountId\":\"%s\",\"paymentId\":\"pay-%d\",\"credits\":%d"
                            .formatted(account, id, credits)));
                    balance[1] += credits;
                } else {
                    String[] tool = BenchmarkMain.TOOLS[random.nextInt(BenchmarkMain.TOOLS.length)];
                    long price = Long.parseLong(tool[2]);
                    commands.add(command(account, "m-" + id, "{\"type\":\"ChargeJob\",\"accountId\":\"%s\",\"jobId\":\"job-%d\",\"tool\":\"%s\",\"params\":%s"
                            .formatted(account, id, tool[0], tool[1])));
                    if (balance[0] + balance[1] >= price) {
                        long fromSubscription = Math.min(balance[0], price);
                        balance[0] -= fromSubscription;
                        balance[1] -= price - fromSubscription;
                        charged.put(account + "/job-" + id, new long[]{fromSubscription, price - fromSubscription});
                        if (random.nextInt(8) == 0) {
                            id++;
                            commands.add(command(account, "m-" + id, "{\"type\":\"RefundJob\",\"accountId\":\"%s\",\"jobId\":\"job-%d\",\"reason\":\"failed\""
                                    .formatted(account, id - 1)));
                            long[] split = charged.get(account + "/job-" + (id - 1));
                            balance[0] += split[0];
                            balance[1] += split[1];
                        }
                    }
                }
                id++;
            }
        }
        send("mixed", "kafka mixed month, " + accounts.size() + " accounts", commands, 0);

        // Verify: the results' final balances and the balance view both equal the reference.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        int mismatches;
        do {
            mismatches = 0;
            for (String account : accounts) {
                long[] balance = expected.get(account);
                List<Long> row = jdbc.sql("select subscription, top_up from balance_view where account_id = :a").param("a", account)
                        .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).optional().orElse(List.of(-1L, -1L));
                if (row.get(0) != balance[0] || row.get(1) != balance[1]) {
                    mismatches++;
                }
            }
        } while (mismatches > 0 && System.nanoTime() < deadline && sleep());
        report.put("mixed.accounts", accounts.size());
        report.put("mixed.balanceMismatches", mismatches);
        report.put("mixed.verified", mismatches == 0);
        if (mismatches > 0) {
            throw new IllegalStateException("mixed month: " + mismatches + " accounts differ from the reference");
        }
    }

    /**
     * Jobs that hold credits while they run: each reserves four motion actions (20 credits) and
     * is captured at three (15), the rest released. Two commands a job; every answer must be
     * accepted, and in the end nothing may still be held.
     */
    void holds() {
        List<String> accounts = BenchmarkMain.accounts("hold", Math.min(options.accounts(), Math.max(1, options.holdJobs() / 5)));
        setUp(accounts);
        Random random = BenchmarkMain.random();
        List<String[]> commands = new ArrayList<>(options.holdJobs() * 2);
        for (int i = 0; i < options.holdJobs(); i++) {
            String account = accounts.get(random.nextInt(accounts.size()));
            commands.add(command(account, "r-" + i,
                    "{\"type\":\"ReserveCredits\",\"accountId\":\"%s\",\"jobId\":\"hold-job-%d\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":4}"
                            .formatted(account, i)));
            commands.add(command(account, "c-" + i,
                    "{\"type\":\"CaptureCharge\",\"accountId\":\"%s\",\"jobId\":\"hold-job-%d\",\"params\":{\"actions\":3}"
                            .formatted(account, i)));
        }
        KafkaDriver.Run run = send("holds", "kafka holds (reserve + capture), " + accounts.size() + " accounts", commands, 0).run();
        long refused = run.commands() - run.accepted();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long held;
        do {
            held = jdbc.sql("select coalesce(sum(held_subscription + held_top_up), 0) from balance_view where account_id like 'hold-%'")
                    .query(Long.class).single();
        } while (held > 0 && System.nanoTime() < deadline && sleep());
        report.put("holds.jobs", options.holdJobs());
        report.put("holds.refused", refused);
        report.put("holds.stillHeld", held);
        if (refused > 0 || held > 0) {
            throw new IllegalStateException("holds: " + refused + " commands refused, " + held + " credits still held");
        }
    }

    /**
     * The kafka scenario's charges against each count of instances of {@code --instances} in
     * turn, all on the same database and broker, each count on accounts of its own so that every
     * charge is a new decision. The timed charges start once every instance's consumers hold
     * their partitions and have decided a warm-up batch; every charge must be accepted. Each
     * count's throughput is also given as a ratio to one instance's, if one was measured.
     */
    void instances(ServiceInstances instances) {
        Map<Integer, Measurement> measured = new LinkedHashMap<>();
        for (int count : options.instances()) {
            String prefix = "i" + count;
            String label = "instances-" + count;
            List<String> accounts = BenchmarkMain.accounts(prefix, options.accounts());
            instances.scaleTo(count);
            setUp(accounts);
            warmUp(instances, label, prefix, accounts);
            Sent sent = send(meter.withInstances(instances.pids()), label,
                    "kafka charges, %d accounts, %d instance%s".formatted(options.accounts(), count, count == 1 ? "" : "s"),
                    chargeCommands(prefix, randomCharges(accounts, options.charges())), 0);
            report.put("instances." + count + ".accepted", sent.run().accepted());
            if (sent.run().accepted() != sent.run().commands()) {
                throw new IllegalStateException(label + ": not every charge was accepted: " + sent.run().statuses());
            }
            measured.put(count, sent.measurement());
        }
        Measurement one = measured.get(1);
        if (one != null) {
            measured.forEach((count, run) -> report.put("instances." + count + ".throughputVsOne", run.perSecond() / one.perSecond()));
        }
    }

    /**
     * Charges decided before the timed ones (a tenth as many), again until the consumer group has
     * stayed the same across them: every instance then runs warm (its JIT, its cache of its
     * partitions' accounts), and no rebalance is still on its way into the timed run.
     */
    private void warmUp(ServiceInstances instances, String label, String prefix, List<String> accounts) {
        List<Charge> charges = randomCharges(accounts, Math.max(1, options.charges() / 10));
        Map<String, Set<Integer>> before = instances.awaitConsuming();
        for (int attempt = 1; ; attempt++) {
            driver.run(label + " warm-up", chargeCommands(prefix + "w" + attempt, charges), 0, TIMEOUT);
            Map<String, Set<Integer>> after = instances.awaitConsuming();
            if (after.equals(before)) {
                return;
            }
            if (attempt == WARM_UP_ATTEMPTS) {
                throw new IllegalStateException(label + ": the consumer group changed during each of " + attempt + " warm-ups");
            }
            System.err.printf("  %s: the consumer group changed during the warm-up; warming up again%n", label);
            before = after;
        }
    }

    /** The plain SQL ledger on the same PostgreSQL, the same charges, a pool of the service's size. */
    void baseline(String url) {
        try (SqlLedgerBaseline baseline = SqlLedgerBaseline.create(url, 10)) {
            compareWithBaseline(baseline);
        }
    }

    private void compareWithBaseline(SqlLedgerBaseline baseline) {
        if (throughputCharges != null) {
            baseline.prepare(BenchmarkMain.accounts("acc", options.accounts()), INITIAL_TOP_UP);
            Measurement plain = measured(baseline, "baseline SQL ledger, " + options.accounts() + " accounts", throughputCharges);
            if (kafka != null) {
                report.put("ratio.throughput", kafka.perSecond() / plain.perSecond());
                report.put("ratio.p99", kafka.latency().p99Ms() / plain.latency().p99Ms());
                report.put("ratio.cpuPerCharge", cpuRatio(kafka, plain));
            }
        }
        if (hotCharges != null) {
            baseline.prepare(List.of("hot-0"), INITIAL_TOP_UP);
            Measurement plainHot = measured(baseline, "baseline SQL ledger, one hot account", hotCharges);
            report.put("ratio.hotThroughput", hot.perSecond() / plainHot.perSecond());
            report.put("ratio.hotCpuPerCharge", cpuRatio(hot, plainHot));
        }
    }

    private Measurement measured(SqlLedgerBaseline baseline, String scenario, List<Charge> charges) {
        CostMeter.Window window = meter.open(scenario, baseline.dataSource());
        Measurement plain = baseline.run(scenario, charges, options.threads()).withCost(window.close());
        report.add(plain);
        return plain;
    }

    /** Total CPU per charge, service over baseline: how many times the plain ledger's machine cost a charge takes. */
    private static double cpuRatio(Measurement service, Measurement baseline) {
        return service.costPerOperation().totalMicros() / baseline.costPerOperation().totalMicros();
    }

    /** Sends the commands inside a cost window and reports them as {@code scenario}. */
    private Sent send(String label, String scenario, List<String[]> commands, double perSecond) {
        return send(meter, label, scenario, commands, perSecond);
    }

    private Sent send(CostMeter meter, String label, String scenario, List<String[]> commands, double perSecond) {
        CostMeter.Window window = meter.open(label);
        KafkaDriver.Run run = driver.run(label, commands, perSecond, TIMEOUT);
        Measurement measurement = new Measurement(scenario, run.commands(), run.seconds(), run.latency().stats(), window.close());
        report.add(measurement);
        return new Sent(run, measurement);
    }

    private void setUp(List<String> accounts) {
        List<String[]> commands = new ArrayList<>(accounts.size() * 2);
        for (String account : accounts) {
            commands.add(command(account, "open-" + account, "{\"type\":\"OpenAccount\",\"accountId\":\"%s\"".formatted(account)));
            commands.add(command(account, "top-" + account, "{\"type\":\"TopUp\",\"accountId\":\"%s\",\"paymentId\":\"initial\",\"credits\":%d"
                    .formatted(account, INITIAL_TOP_UP)));
        }
        driver.run("setup", commands, 0, TIMEOUT);
    }

    /** The throughput scenario's charges: random accounts and tools, the same sequence every run. */
    private static List<Charge> randomCharges(List<String> accounts, int count) {
        Random random = BenchmarkMain.random();
        List<Charge> charges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] tool = BenchmarkMain.TOOLS[random.nextInt(BenchmarkMain.TOOLS.length)];
            charges.add(new Charge(accounts.get(random.nextInt(accounts.size())), "job-" + i, Long.parseLong(tool[2])));
        }
        return charges;
    }

    private static List<String[]> chargeCommands(String prefix, List<Charge> charges) {
        List<String[]> commands = new ArrayList<>(charges.size());
        for (int i = 0; i < charges.size(); i++) {
            Charge charge = charges.get(i);
            String tool = toolFor(charge.credits());
            commands.add(command(charge.accountId(), prefix + "-" + i,
                    "{\"type\":\"ChargeJob\",\"accountId\":\"%s\",\"jobId\":\"%s-%s\",\"tool\":\"%s\",\"params\":%s"
                            .formatted(charge.accountId(), prefix, charge.jobId(), tool, paramsOf(tool))));
        }
        return commands;
    }

    private static String toolFor(long price) {
        for (String[] tool : BenchmarkMain.TOOLS) {
            if (Long.parseLong(tool[2]) == price) {
                return tool[0];
            }
        }
        throw new IllegalArgumentException("no tool costs " + price);
    }

    private static String paramsOf(String toolId) {
        for (String[] tool : BenchmarkMain.TOOLS) {
            if (tool[0].equals(toolId)) {
                return tool[1];
            }
        }
        throw new IllegalArgumentException(toolId);
    }

    /** {key, json with the commandId added, commandId}. */
    private static String[] command(String account, String commandId, String jsonWithoutClosingBrace) {
        return new String[]{account, jsonWithoutClosingBrace + ",\"commandId\":\"" + commandId + "\"}", commandId};
    }

    private static String renewal(String account, long credits, String start, String end) {
        return "{\"type\":\"RenewSubscription\",\"accountId\":\"%s\",\"plan\":\"pro\",\"monthlyCredits\":%d,\"periodStart\":\"%s\",\"periodEnd\":\"%s\""
                .formatted(account, credits, start, end);
    }

    static Map<String, Long> params(String json) {
        try {
            return JSON.readValue(json, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sleep() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
