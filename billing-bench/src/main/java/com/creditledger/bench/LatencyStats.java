package com.creditledger.bench;

/**
 * A summary of recorded latencies, in milliseconds. Doubles are fine here: these are timings,
 * never credits.
 *
 * @param count  how many latencies were recorded
 * @param p50Ms  median (nearest-rank)
 * @param p95Ms  95th percentile (nearest-rank)
 * @param p99Ms  99th percentile (nearest-rank)
 * @param maxMs  the slowest one
 * @param meanMs arithmetic mean
 */
public record LatencyStats(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs, double meanMs) {

    /** What an empty recorder reports: zero everywhere rather than NaN, so tables and JSON stay readable. */
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0);
}
