package com.creditledger.bench;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads the CPU of every part of a run at once: this JVM (service and harness apart), the broker's process, PostgreSQL's. */
final class CpuMeter {

    record Snapshot(JvmCpu.Snapshot jvm, Long brokerNanos, Map<Long, Long> postgresNanos) {
    }

    private final JvmCpu jvm;
    private final OptionalLong brokerPid;
    private final Optional<PostgresCpu> postgres;

    /**
     * @param brokerPid the broker's process, or empty when it runs in this JVM
     * @param postgres  empty when the server is not on this machine
     */
    CpuMeter(JvmCpu jvm, OptionalLong brokerPid, Optional<PostgresCpu> postgres) {
        this.jvm = jvm;
        this.brokerPid = brokerPid;
        this.postgres = postgres;
    }

    Snapshot read() {
        Long broker = null;
        if (brokerPid.isPresent()) {
            long pid = brokerPid.getAsLong();
            broker = ProcStat.read(pid).orElseThrow(() -> new IllegalStateException("the broker's process " + pid + " is gone"))
                    .cpuNanos();
        }
        return new Snapshot(jvm.read(), broker, postgres.map(PostgresCpu::read).orElse(null));
    }

    static CpuTimes between(Snapshot before, Snapshot after) {
        long harness = JvmCpu.harnessNanos(before.jvm(), after.jvm());
        long process = after.jvm().processNanos() - before.jvm().processNanos();
        return new CpuTimes(Math.max(0, process - harness), harness,
                after.brokerNanos() == null ? null : after.brokerNanos() - before.brokerNanos(),
                after.postgresNanos() == null ? null : CpuTimes.growth(before.postgresNanos(), after.postgresNanos()));
    }

    boolean brokerMeasured() {
        return brokerPid.isPresent();
    }

    boolean postgresMeasured() {
        return postgres.isPresent();
    }
}
