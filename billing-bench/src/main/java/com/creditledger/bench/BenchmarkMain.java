package com.creditledger.bench;

import com.creditledger.api.store.JdbcUrls;
import com.creditledger.account.AccountCommand;
import com.creditledger.account.AccountEvent;
import com.creditledger.account.Accounts;
import com.creditledger.account.AccountState;
import com.creditledger.account.CreditAccount;
import com.creditledger.api.BillingApplication;
import com.creditledger.api.kafka.KafkaSettings;
import com.creditledger.api.operations.ProjectionRebuilds;
import com.creditledger.pricing.PriceCatalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark harness: starts a KRaft broker in a JVM of its own and the service in process on
 * PostgreSQL, drives the service like job services do, then runs the plain SQL ledger on the
 * same database with the same charges, and prints the figures side by side, each with the CPU
 * and database work it cost (see {@link CostMeter}). The instances scenario adds instances of the
 * service in JVMs of their own ({@link ServiceInstances}). See docs/BENCHMARKS.md.
 */
public final class BenchmarkMain {

    static final String[][] TOOLS = {
            {"motion-edit", "{}", "5"},
            {"image-to-3d-mesh", "{}", "25"},
            {"text-to-motion", "{\"actions\":3}", "15"},
            {"text-to-material", "{\"width\":1024,\"height\":1024,\"upscale\":2}", "18"},
            {"image-to-material", "{\"width\":2048,\"height\":2048,\"upscale\":4}", "101"},
            {"environment-map-to-world", "{}", "80"}};

    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        Report report = run(BenchmarkOptions.parse(args));
        report.printTable(System.out);
        System.exit(0);
    }

    static Report run(BenchmarkOptions options) throws Exception {
        System.setProperty(BillingApplication.NO_UPDATE_CHECK, "true");
        checkPrices();
        Report report = new Report(List.of(options.raw()));
        EmbeddedPostgres embedded = null;
        String server = options.dbUrl();
        if (server == null || server.isBlank()) {
            embedded = EmbeddedPostgres.builder().start();
            server = embedded.getJdbcUrl("postgres", "postgres");
        }
        String database = "billing_bench_" + System.currentTimeMillis();
        execute(server, "create database " + database);
        String url = JdbcUrls.withDatabase(server, database);
        Broker broker = null;
        ConfigurableApplicationContext service = null;
        try {
            broker = options.brokerInProcess() ? Broker.inProcess() : BrokerProcess.start();
            List<String> serviceArgs = serviceArgs(url, broker.bootstrap());
            service = SpringApplication.run(BillingApplication.class, serviceArgs.toArray(String[]::new));
            runScenarios(options, service, broker, url, serviceArgs, report);
        } finally {
            if (service != null) {
                service.close();
            }
            if (broker != null) {
                broker.close();
            }
            execute(server, "drop database if exists " + database + " with (force)");
            if (embedded != null) {
                embedded.close();
            }
        }
        report.writeJson(options.out());
        return report;
    }

    /** The arguments of every instance of the service the harness runs, in this JVM or in one of its own. */
    private static List<String> serviceArgs(String url, String bootstrap) {
        return List.of("--server.port=0", "--BILLING_LOG_FORMAT=", "--logging.level.root=WARN",
                "--billing.db.url=" + url, "--billing.kafka.bootstrap=" + bootstrap,
                "--BILLING_JOB_SERVICE_PASSWORD=bench", "--BILLING_BILLING_PASSWORD=bench",
                "--BILLING_FINANCE_PASSWORD=bench", "--BILLING_AUDITOR_PASSWORD=bench");
    }

    private static void runScenarios(BenchmarkOptions options, ConfigurableApplicationContext service, Broker broker, String url,
                                     List<String> serviceArgs, Report report) throws Exception {
        try (KafkaDriver driver = new KafkaDriver(broker.bootstrap(), "billing.commands", "billing.command-results")) {
            DataSource dataSource = service.getBean(DataSource.class);
            report.machine(MachineInfo.collect(dataSource));
            JdbcClient jdbc = JdbcClient.create(dataSource);
            CostMeter meter = costMeter(service, broker, dataSource, jdbc, report);
            Scenarios scenarios = new Scenarios(options, driver, jdbc, meter, report);
            if (options.runs("kafka") || options.runs("paced") || options.runs("baseline")) {
                scenarios.throughput();
            }
            if (options.runs("hot")) {
                scenarios.hotAccount();
            }
            if (options.runs("holds")) {
                scenarios.holds();
            }
            if (options.runs("mixed")) {
                scenarios.mixedMonth();
            }
            if (options.runs("replay-processor")) {
                replayThroughProcessors(service, jdbc, meter, report);
            }
            if (options.runs("replay")) {
                replay(service, jdbc, meter, report);
            }
            if (options.runs("load")) {
                load(service, jdbc, options.loadEvents(), report);
            }
            if (options.runs("rerating")) {
                ReRatingScenario.run(service, jdbc, options.reRatingCharges(), report);
            }
            if (options.runs("baseline")) {
                scenarios.baseline(url);
            }
            // Last: its accounts and events would otherwise swell the store that later scenarios (the replay) work on.
            if (options.runs("instances")) {
                KafkaSettings kafka = service.getBean(KafkaSettings.class);
                String group = service.getEnvironment().getRequiredProperty("spring.kafka.consumer.group-id");
                try (ConsumerGroup consumers = new ConsumerGroup(broker.bootstrap(), group, kafka.topics().commands());
                     ServiceInstances instances = new ServiceInstances(serviceArgs, consumers, kafka.consumers())) {
                    scenarios.instances(instances);
                }
            }
        }
    }

    /**
     * The thread calling this drives the scenarios (sends the commands, waits for the baseline's
     * workers), so its CPU is the harness's. What could be measured, and how, goes in the report.
     */
    private static CostMeter costMeter(ConfigurableApplicationContext service, Broker broker, DataSource dataSource, JdbcClient jdbc,
                                       Report report) {
        boolean statements = DatabaseCounters.statementsAvailable(jdbc);
        CpuMeter cpu = new CpuMeter(new JvmCpu(Thread.currentThread()), broker.pid(), PostgresCpu.find(jdbc));
        report.put("measured.clockTicksPerSecond", ProcStat.TICKS_PER_SECOND);
        report.put("measured.broker", cpu.brokerMeasured() ? "own process" : "n/a: in the harness's JVM, counted as service");
        report.put("measured.postgres", cpu.postgresMeasured() ? "the server's background processes and the backends of the benchmark's database"
                : "n/a: the server is not on this machine");
        report.put("measured.statements", statements ? "pg_stat_statements" : "n/a: pg_stat_statements is not loaded (shared_preload_libraries)");
        return new CostMeter(cpu, new ProcessorsCaughtUp(service.getBean(EventProcessingConfiguration.class), jdbc), jdbc, dataSource,
                statements);
    }

    /** The harness's reference prices must be the catalog's, or its self-check proves nothing. */
    private static void checkPrices() {
        PriceCatalog catalog = PriceCatalog.standard();
        for (String[] tool : TOOLS) {
            Map<String, Long> params = Scenarios.params(tool[1]);
            long price = catalog.quote(tool[0], params).credits().amount();
            if (price != Long.parseLong(tool[2])) {
                throw new IllegalStateException("the harness prices " + tool[0] + " at " + tool[2] + " but the catalog at " + price);
            }
        }
    }

    /**
     * Rebuilds the three projections at once, then each alone, and times each rebuild until reads
     * have switched to the rebuilt tables.
     */
    private static void replay(ConfigurableApplicationContext service, JdbcClient jdbc, CostMeter meter, Report report)
            throws InterruptedException {
        ProjectionRebuilds rebuilds = service.getBean(ProjectionRebuilds.class);
        long events = jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
        double seconds = rebuild(rebuilds, ProjectionRebuilds.PROJECTIONS, events, "replay in chunks, 3 projections at once", meter, report);
        report.put("replay.events", events);
        report.put("replay.seconds", seconds);
        report.put("replay.eventsPerSecondPerProjection", events / seconds);
        report.put("replay.eventsPerSecondAllProjections", 3 * events / seconds);
        for (String projection : ProjectionRebuilds.PROJECTIONS) {
            double alone = rebuild(rebuilds, List.of(projection), events, "replay in chunks, " + projection + " alone", meter, report);
            report.put("replay." + projection + "Alone.eventsPerSecond", events / alone);
        }
    }

    private static double rebuild(ProjectionRebuilds rebuilds, List<String> projections, long events, String name, CostMeter meter,
                                  Report report) throws InterruptedException {
        CostMeter.Window window = meter.open(name);
        System.err.printf("%s: rebuilding over %d events%n", name, events);
        long start = System.nanoTime();
        projections.forEach(rebuilds::rebuild);
        // The replays run with their processors stopped, which the processors' wait does not see.
        while (projections.stream().anyMatch(rebuilds::replayingHere)) {
            Thread.sleep(20);
        }
        meter.awaitProcessors(name);
        // Done when reads have switched to the rebuilt tables: their indexes are built at the switch.
        while (projections.stream().anyMatch(rebuilds::rebuilding)) {
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report.add(new Measurement(name + " (per event)", events, seconds, LatencyStats.EMPTY, window.close()));
        return seconds;
    }

    /**
     * The replay as the processors do it on their own (a reset and a restart), which the
     * rebuild's replay in chunks replaced: the comparison, in the same run.
     */
    private static void replayThroughProcessors(ConfigurableApplicationContext service, JdbcClient jdbc, CostMeter meter,
                                                Report report) {
        ProjectionRebuilds rebuilds = service.getBean(ProjectionRebuilds.class);
        CostMeter.Window window = meter.open("replay-processor");
        long events = jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
        System.err.printf("replay-processor: resetting 3 projections' processors over %d events%n", events);
        long start = System.nanoTime();
        for (String projection : ProjectionRebuilds.PROJECTIONS) {
            StreamingEventProcessor processor = rebuilds.processor(projection);
            processor.shutDown();
            processor.resetTokens();
            processor.start();
        }
        meter.awaitProcessors("replay-processor");
        double seconds = (System.nanoTime() - start) / 1e9;
        report.add(new Measurement("replay by the processors, 3 at once (per event)", events, seconds, LatencyStats.EMPTY, window.close()));
        report.put("replayByProcessors.eventsPerSecondPerProjection", events / seconds);
    }

    /**
     * Appends {@code count} charges to one account directly in the store (commands would take
     * minutes), then times reading the account back, first from its events alone and then from
     * a snapshot.
     */
    private static void load(ConfigurableApplicationContext service, JdbcClient jdbc, int count, Report report) throws InterruptedException {
        String account = "load-" + System.currentTimeMillis();
        System.err.printf("load: writing %d events for account %s%n", count, account);
        String type = "com.creditledger.account.AccountEvent$";
        jdbc.sql("""
                insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                                                payload, payload_revision, payload_type, time_stamp)
                select :a, 0, 'CreditAccount', :a || '-0', convert_to('{}', 'UTF8'),
                       convert_to('{"accountId":"' || :a || '"}', 'UTF8'), null, :t || 'AccountOpened', '2026-01-01T00:00:00.000Z'
                union all
                select :a, 1, 'CreditAccount', :a || '-1', convert_to('{}', 'UTF8'),
                       convert_to('{"accountId":"' || :a || '","paymentId":"p","credits":1000000000,"packageId":null}', 'UTF8'),
                       '1', :t || 'CreditsToppedUp', '2026-01-01T00:00:00.000Z'
                union all
                select :a, n, 'CreditAccount', :a || '-' || n, convert_to('{}', 'UTF8'),
                       convert_to('{"accountId":"' || :a || '","jobId":"job-' || n || '","tool":"motion-edit","toolkit":"motion",'
                                  || '"params":{},"catalogVersion":"2026-11-01","credits":5,"fromSubscription":0,"fromTopUp":5,'
                                  || '"cycleStart":null}', 'UTF8'),
                       null, :t || 'JobCharged', '2026-01-01T00:00:01.000Z'
                from generate_series(2, :last) as n""")
                .param("a", account).param("t", type).param("last", count + 1)
                .update();
        EventStore store = service.getBean(EventStore.class);
        long expected = 1_000_000_000L - 5L * count;
        double withoutSnapshot = timeLoad(store, account, expected);
        report.put("load.events", count + 2);
        report.put("load.msWithoutSnapshot", withoutSnapshot);
        // A command loads the whole account once; having read more events than the threshold, the
        // aggregate's own trigger then takes a snapshot.
        long commandStart = System.nanoTime();
        service.getBean(Accounts.class).handle(new AccountCommand.OpenAccount(account));
        report.put("load.msFirstCommandWithoutSnapshot", (System.nanoTime() - commandStart) / 1e6);
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (jdbc.sql("select count(*) from snapshot_event_entry where aggregate_identifier = :a").param("a", account)
                .query(Long.class).single() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        timeLoad(store, account, expected);
        double withSnapshot = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            withSnapshot = Math.min(withSnapshot, timeLoad(store, account, expected));
        }
        report.put("load.msWithSnapshot", withSnapshot);
    }

    /** Reads the account as its repository would (latest snapshot, then the events after it) and folds it. */
    private static double timeLoad(EventStore store, String account, long expectedTopUp) {
        long start = System.nanoTime();
        DomainEventStream stream = store.readEvents(account);
        AccountState state = AccountState.OPENED;
        while (stream.hasNext()) {
            Object payload = stream.next().getPayload();
            if (payload instanceof CreditAccount) {
                state = null; // a snapshot: the aggregate's state comes whole, the fold below has nothing left to check
            } else if (state != null && payload instanceof AccountEvent event) {
                state = state.apply(event);
            }
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (state != null && state.topUp().amount() != expectedTopUp) {
            throw new IllegalStateException("the loaded account has " + state.topUp() + " instead of " + expectedTopUp);
        }
        return ms;
    }

    static void execute(String url, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(url.contains("user=") ? url : url + (url.contains("?") ? "&" : "?") + "user=postgres")) {
            connection.createStatement().execute(sql);
        }
    }


    static List<String> accounts(String prefix, int count) {
        List<String> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            accounts.add(prefix + "-" + i);
        }
        return accounts;
    }

    static Random random() {
        return new Random(20261125L);
    }
}
