package com.creditledger.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe recording of latencies in nanoseconds, summarised on demand by {@link #stats()}.
 *
 * <p>Every sample is kept (no histogram buckets) so the percentiles are exact. One long per
 * operation is cheap at benchmark scale (a million samples are 8 MB). Appends take a lock; that
 * costs tens of nanoseconds against operations that take milliseconds (a database round trip),
 * so the lock does not distort what is being measured, and it is far simpler than per-thread
 * buffers that have to be found and merged later.
 */
public final class LatencyRecorder {

    private static final double NANOS_PER_MILLI = 1_000_000.0;

    /** Read without the lock, so a progress printer never contends with the workers. */
    private final LongAdder count = new LongAdder();

    private long[] samples; // guarded by this
    private int size;       // guarded by this

    public LatencyRecorder() {
        this(1024);
    }

    /** @param expectedSamples initial capacity; sizing it to the run avoids copies while measuring */
    public LatencyRecorder(int expectedSamples) {
        if (expectedSamples < 0) {
            throw new IllegalArgumentException("expectedSamples must be >= 0, was " + expectedSamples);
        }
        this.samples = new long[Math.max(16, expectedSamples)];
    }

    /** Records one latency. Negative values mean a caller bug (e.g. swapped start/end), so they are refused. */
    public void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("latency must be >= 0 ns, was " + nanos);
        }
        synchronized (this) {
            if (size == samples.length) {
                samples = Arrays.copyOf(samples, samples.length * 2);
            }
            samples[size++] = nanos;
        }
        count.increment();
    }

    /** How many latencies have been recorded so far; safe to call while workers are recording. */
    public long count() {
        return count.sum();
    }

    /**
     * Percentiles by the nearest-rank method (the smallest sample with at least p% of samples at or
     * below it): every reported figure is a latency that really happened, never an interpolation.
     */
    public LatencyStats stats() {
        long[] sorted;
        synchronized (this) {
            sorted = Arrays.copyOf(samples, size);
        }
        // Sorting the copy outside the lock keeps recording unblocked if stats() is called mid-run.
        if (sorted.length == 0) {
            return LatencyStats.EMPTY;
        }
        Arrays.sort(sorted);
        long sum = 0;
        for (long s : sorted) {
            sum += s; // nanoseconds: overflows only after ~292 years of summed latency
        }
        return new LatencyStats(
                sorted.length,
                millis(percentile(sorted, 50)),
                millis(percentile(sorted, 95)),
                millis(percentile(sorted, 99)),
                millis(sorted[sorted.length - 1]),
                sum / NANOS_PER_MILLI / sorted.length);
    }

    /** Nearest rank: the value at 1-based rank ceil(p/100 * n). Integer arithmetic avoids rounding surprises. */
    static long percentile(long[] sorted, int p) {
        int n = sorted.length;
        int rank = (int) ((p * (long) n + 99) / 100); // ceil(p * n / 100)
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double millis(long nanos) {
        return nanos / NANOS_PER_MILLI;
    }
}
