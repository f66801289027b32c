package com.creditledger.bench;

import java.util.Map;

/**
 * CPU used during one scenario, in nanoseconds, by part. {@code broker} is null when the broker
 * runs inside this JVM (its CPU is then the service's), {@code postgres} when the server is not
 * on this machine. {@code threadKindNanos}: this JVM's CPU by kind of thread ({@link JvmThreads}).
 */
record CpuTimes(long serviceNanos, long harnessNanos, Long brokerNanos, Long postgresNanos, Map<String, Long> threadKindNanos) {

    long totalNanos() {
        return serviceNanos + harnessNanos + (brokerNanos == null ? 0 : brokerNanos) + (postgresNanos == null ? 0 : postgresNanos);
    }

    /**
     * The sum of each key's growth from {@code before} to {@code after}: a key only in
     * {@code after} (a thread or process born in between) counts whole, one only in
     * {@code before} (gone in between) is lost. A value that went down is a reused id, counted whole.
     */
    static long growth(Map<Long, Long> before, Map<Long, Long> after) {
        long sum = 0;
        for (Map.Entry<Long, Long> entry : after.entrySet()) {
            long start = before.getOrDefault(entry.getKey(), 0L);
            sum += entry.getValue() >= start ? entry.getValue() - start : entry.getValue();
        }
        return sum;
    }
}
