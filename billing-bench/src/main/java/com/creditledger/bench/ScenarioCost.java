package com.creditledger.bench;

/**
 * What one scenario cost: the CPU of each part and the database's work between the readings
 * before and after it (both taken with the service idle, so the tail of projections and
 * published events is included).
 *
 * @param seconds  the time between the two readings
 */
record ScenarioCost(double seconds, CpuTimes cpu, DatabaseCounters database) {

    /**
     * The same figures per operation; CPU in microseconds. Null where a part was not measured
     * (broker in process, server elsewhere, no pg_stat_statements, no /proc for the JIT's threads).
     */
    record PerOperation(double serviceMicros, double harnessMicros, Double brokerMicros, Double postgresMicros, double totalMicros,
                        double commits, double rowsWritten, double walBytes, Double statements, Double jitMicros) {
    }

    PerOperation perOperation(long operations) {
        double n = Math.max(1, operations);
        return new PerOperation(
                cpu.serviceNanos() / 1e3 / n,
                cpu.harnessNanos() / 1e3 / n,
                cpu.brokerNanos() == null ? null : cpu.brokerNanos() / 1e3 / n,
                cpu.postgresNanos() == null ? null : cpu.postgresNanos() / 1e3 / n,
                cpu.totalNanos() / 1e3 / n,
                database.commits() / n,
                database.rowsWritten() / n,
                database.walBytes() / n,
                database.statements() == null ? null : database.statements() / n,
                cpu.threadKindNanos().isEmpty() ? null : JvmThreads.jitNanos(cpu.threadKindNanos()) / 1e3 / n);
    }
}
