package com.creditledger.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyRecorderTest {

    private static final long MS = 1_000_000L;

    @Test
    void percentilesOfOneToHundredMillisAreTheNearestRanks() {
        LatencyRecorder recorder = new LatencyRecorder(4); // small on purpose: exercises growth
        // Recorded in reverse so the test also proves stats() sorts.
        for (long i = 100; i >= 1; i--) {
            recorder.record(i * MS);
        }

        LatencyStats stats = recorder.stats();

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50Ms()).isEqualTo(50.0);
        assertThat(stats.p95Ms()).isEqualTo(95.0);
        assertThat(stats.p99Ms()).isEqualTo(99.0);
        assertThat(stats.maxMs()).isEqualTo(100.0);
        assertThat(stats.meanMs()).isCloseTo(50.5, within(1e-9));
    }

    @Test
    void percentilesRoundUpToARealSampleOnSmallSets() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (long ms : new long[]{10, 20, 30, 40, 1000}) {
            recorder.record(ms * MS);
        }

        LatencyStats stats = recorder.stats();

        // n = 5: p50 -> rank ceil(2.5) = 3; p95 and p99 -> rank 5, the outlier.
        assertThat(stats.p50Ms()).isEqualTo(30.0);
        assertThat(stats.p95Ms()).isEqualTo(1000.0);
        assertThat(stats.p99Ms()).isEqualTo(1000.0);
        assertThat(stats.maxMs()).isEqualTo(1000.0);
        assertThat(stats.meanMs()).isCloseTo(220.0, within(1e-9));
    }

    @Test
    void aSingleSampleIsEveryPercentile() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(1_500_000); // 1.5 ms: sub-millisecond precision is kept

        assertThat(recorder.stats()).isEqualTo(new LatencyStats(1, 1.5, 1.5, 1.5, 1.5, 1.5));
    }

    @Test
    void anEmptyRecorderReportsZeros() {
        assertThat(new LatencyRecorder().stats()).isEqualTo(LatencyStats.EMPTY);
        assertThat(LatencyStats.EMPTY.count()).isZero();
    }

    @Test
    void negativeLatenciesAreRefused() {
        assertThatThrownBy(() -> new LatencyRecorder().record(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        int threads = 8;
        int perThread = 50_000;
        LatencyRecorder recorder = new LatencyRecorder(16); // forces many resizes while contended
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                // Each thread records 1..perThread ms, and thread t adds t ms to its last sample only.
                for (int i = 1; i <= perThread; i++) {
                    recorder.record((i + (i == perThread ? offset : 0)) * MS);
                }
            });
            workers.add(worker);
            worker.start();
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        LatencyStats stats = recorder.stats();

        assertThat(recorder.count()).isEqualTo((long) threads * perThread);
        assertThat(stats.count()).isEqualTo((long) threads * perThread);
        assertThat(stats.maxMs()).isEqualTo(perThread + threads - 1.0);
        // Every value 1..perThread appears `threads` times (apart from the shifted tops): p50 is perThread / 2.
        assertThat(stats.p50Ms()).isEqualTo(perThread / 2.0);
    }
}
