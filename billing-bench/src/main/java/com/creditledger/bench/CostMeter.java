package com.creditledger.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what a scenario costs: open a window before it, close it after. Both ends wait until
 * the service's processors are idle, read the CPU of every part, and read the database's
 * counters once the backends have published them.
 */
final class CostMeter {

    private final CpuMeter cpu;
    private final ProcessorsCaughtUp processors;
    private final JdbcClient jdbc;
    private final DataSource servicePool;
    private final boolean statements;

    CostMeter(CpuMeter cpu, ProcessorsCaughtUp processors, JdbcClient jdbc, DataSource servicePool, boolean statements) {
        this.cpu = cpu;
        this.processors = processors;
        this.jdbc = jdbc;
        this.servicePool = servicePool;
        this.statements = statements;
    }

    /** The same meter, counting the processes of more instances of the service as the service. */
    CostMeter withInstances(List<Long> pids) {
        return new CostMeter(cpu.withInstances(pids), processors, jdbc, servicePool, statements);
    }

    /** @param clientPools pools of the scenario's own besides the service's (the baseline's), whose statistics must be flushed too */
    Window open(String label, DataSource... clientPools) {
        List<DataSource> pools = new ArrayList<>(List.of(clientPools));
        pools.add(servicePool);
        processors.await(label);
        StatisticsFlush.flush(jdbc, pools);
        DatabaseCounters database = DatabaseCounters.read(jdbc, statements);
        return new Window(label, pools, database, cpu.read(), System.nanoTime());
    }

    /** Waits until the service's processors have handled every stored event (a replay's end). */
    void awaitProcessors(String label) {
        processors.await(label);
    }

    final class Window {
        private final String label;
        private final List<DataSource> pools;
        private final DatabaseCounters database;
        private final CpuMeter.Snapshot cpuBefore;
        private final long startNanos;

        private Window(String label, List<DataSource> pools, DatabaseCounters database, CpuMeter.Snapshot cpuBefore, long startNanos) {
            this.label = label;
            this.pools = pools;
            this.database = database;
            this.cpuBefore = cpuBefore;
            this.startNanos = startNanos;
        }

        ScenarioCost close() {
            processors.await(label);
            CpuMeter.Snapshot cpuAfter = cpu.read();
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            StatisticsFlush.flush(jdbc, pools);
            DatabaseCounters after = DatabaseCounters.read(jdbc, statements);
            return new ScenarioCost(seconds, CpuMeter.between(cpuBefore, cpuAfter), after.minus(database));
        }
    }
}
