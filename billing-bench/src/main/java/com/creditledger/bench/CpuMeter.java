package com.creditledger.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads the CPU of every part of a run at once: this JVM (service and harness apart), the
 * service's other instances when there are (their processes count as the service), the
 * broker's process, PostgreSQL's.
 */
final class CpuMeter {

    record Snapshot(JvmCpu.Snapshot jvm, JvmThreads.Reading threads, Map<Long, Long> instanceNanos, Long brokerNanos,
                    Map<Long, Long> postgresNanos) {
    }

    private final JvmCpu jvm;
    private final List<Long> instancePids;
    private final OptionalLong brokerPid;
    private final Optional<PostgresCpu> postgres;

    /**
     * @param brokerPid the broker's process, or empty when it runs in this JVM
     * @param postgres  empty when the server is not on this machine
     */
    CpuMeter(JvmCpu jvm, OptionalLong brokerPid, Optional<PostgresCpu> postgres) {
        this(jvm, List.of(), brokerPid, postgres);
    }

    private CpuMeter(JvmCpu jvm, List<Long> instancePids, OptionalLong brokerPid, Optional<PostgresCpu> postgres) {
        this.jvm = jvm;
        this.instancePids = List.copyOf(instancePids);
        this.brokerPid = brokerPid;
        this.postgres = postgres;
    }

    /** The same meter, counting the processes of more instances of the service as the service. */
    CpuMeter withInstances(List<Long> pids) {
        return new CpuMeter(jvm, pids, brokerPid, postgres);
    }

    Snapshot read() {
        Long broker = null;
        if (brokerPid.isPresent()) {
            long pid = brokerPid.getAsLong();
            broker = cpuNanos(pid, "the broker's");
        }
        Map<Long, Long> instances = new HashMap<>();
        for (long pid : instancePids) {
            instances.put(pid, cpuNanos(pid, "an instance's"));
        }
        return new Snapshot(jvm.read(), JvmThreads.read(), instances, broker, postgres.map(PostgresCpu::read).orElse(null));
    }

    /** A part that died within a scenario would take its CPU with it: the figures would be wrong, not just short. */
    private static long cpuNanos(long pid, String whose) {
        return ProcStat.read(pid).orElseThrow(() -> new IllegalStateException(whose + " process " + pid + " is gone")).cpuNanos();
    }

    static CpuTimes between(Snapshot before, Snapshot after) {
        long harness = JvmCpu.harnessNanos(before.jvm(), after.jvm());
        long process = after.jvm().processNanos() - before.jvm().processNanos();
        long instances = CpuTimes.growth(before.instanceNanos(), after.instanceNanos());
        return new CpuTimes(Math.max(0, process - harness) + instances, harness,
                after.brokerNanos() == null ? null : after.brokerNanos() - before.brokerNanos(),
                after.postgresNanos() == null ? null : CpuTimes.growth(before.postgresNanos(), after.postgresNanos()),
                JvmThreads.growthByKind(before.threads(), after.threads()));
    }

    boolean brokerMeasured() {
        return brokerPid.isPresent();
    }

    boolean postgresMeasured() {
        return postgres.isPresent();
    }
}
