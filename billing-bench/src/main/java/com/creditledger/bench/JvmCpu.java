package com.creditledger.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * The CPU of this JVM, split in two: the harness's own threads (the thread that drives the
 * scenarios, the threads named {@code harness-...} and the Kafka client threads of clients
 * named so), and everything else. Everything else is the system under test: the service, or in
 * the baseline the SQL ledger's worker threads, and the JVM's shared GC and JIT threads.
 *
 * <p>The process total comes from /proc, so threads that ended within a scenario are counted;
 * the harness's threads are read one by one (ThreadMXBean), so they must live through it.
 */
final class JvmCpu {

    /** A reading: the whole process, and each harness thread by id. */
    record Snapshot(long processNanos, Map<Long, Long> harnessThreadNanos) {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long pid = ProcessHandle.current().pid();
    private final long driverThreadId;

    /** @param driver the thread that sends the commands (whatever the launcher named it) */
    JvmCpu(Thread driver) {
        this.driverThreadId = driver.getId();
    }

    static boolean isHarnessThread(String name) {
        return name.startsWith("harness-") || name.contains("| harness-");
    }

    Snapshot read() {
        Map<Long, Long> harness = new HashMap<>();
        for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (thread != null && (thread.getThreadId() == driverThreadId || isHarnessThread(thread.getThreadName()))) {
                long nanos = THREADS.getThreadCpuTime(thread.getThreadId());
                if (nanos >= 0) {
                    harness.put(thread.getThreadId(), nanos);
                }
            }
        }
        long process = ProcStat.read(pid).orElseThrow(() -> new IllegalStateException("/proc/" + pid + "/stat is not readable"))
                .cpuNanos();
        return new Snapshot(process, harness);
    }

    /** Harness CPU between two readings: each thread's growth (a thread born in between counts from zero). */
    static long harnessNanos(Snapshot before, Snapshot after) {
        return CpuTimes.growth(before.harnessThreadNanos(), after.harnessThreadNanos());
    }
}
