package com.creditledger.bench;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class JvmCpuTest {

    private static final long BURN_NANOS = 200_000_000L;
    private static final long TICK_NANOS = 1_000_000_000L / ProcStat.TICKS_PER_SECOND;

    @Test
    void harnessThreadsAreToldApartByName() {
        assertThat(JvmCpu.isHarnessThread("harness-results")).isTrue();
        assertThat(JvmCpu.isHarnessThread("kafka-producer-network-thread | harness-commands")).isTrue();
        assertThat(JvmCpu.isHarnessThread("kafka-producer-network-thread | producer-1")).isFalse();
        assertThat(JvmCpu.isHarnessThread("bench-sql-baseline-0")).isFalse();
    }

    @Test
    void cpuOfAHarnessThreadIsTheHarnessesAndTheRestIsTheServices() throws InterruptedException {
        JvmCpu jvm = new JvmCpu(Thread.currentThread());
        CountDownLatch release = new CountDownLatch(1);
        try {
            JvmCpu.Snapshot start = jvm.read();
            burnIn("harness-test", release);
            JvmCpu.Snapshot afterHarness = jvm.read();
            burnIn("service-test", release);
            JvmCpu.Snapshot afterService = jvm.read();

            assertThat(JvmCpu.harnessNanos(start, afterHarness)).isGreaterThanOrEqualTo(BURN_NANOS);
            assertThat(afterHarness.processNanos() - start.processNanos()).isGreaterThanOrEqualTo(BURN_NANOS - 2 * TICK_NANOS);
            // The driving thread (this one) only waited; the second burner was not the harness's.
            assertThat(JvmCpu.harnessNanos(afterHarness, afterService)).isLessThan(BURN_NANOS / 4);
            assertThat(afterService.processNanos() - afterHarness.processNanos()).isGreaterThanOrEqualTo(BURN_NANOS - 2 * TICK_NANOS);
        } finally {
            release.countDown();
        }
    }

    /**
     * Spins in a thread of that name until it has used BURN_NANOS of CPU (CPU, not wall time: the
     * machine may be busy); the thread then waits for {@code release}, since one that ended would
     * be gone from the per-thread readings.
     */
    private static void burnIn(String name, CountDownLatch release) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        CountDownLatch burnt = new CountDownLatch(1);
        Thread burner = new Thread(() -> {
            while (threads.getCurrentThreadCpuTime() < BURN_NANOS) {
                Thread.onSpinWait();
            }
            burnt.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        burner.setDaemon(true);
        burner.start();
        burnt.await();
    }
}
