package com.creditledger.bench;

import java.util.Objects;

/**
 * The outcome of one timed scenario.
 *
 * @param scenario   a short name shown in the table and the JSON (e.g. "sql-baseline/uniform")
 * @param operations how many operations were executed (accepted and refused alike: each costs a transaction)
 * @param seconds    wall-clock duration of the whole scenario
 * @param latency    per-operation latency summary ({@link LatencyStats#EMPTY} where operations have none, e.g. a replay)
 * @param cost       CPU and database work around the scenario; null when not measured
 */
public record Measurement(String scenario, long operations, double seconds, LatencyStats latency, ScenarioCost cost) {

    public Measurement {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(latency, "latency");
        if (operations < 0) {
            throw new IllegalArgumentException("operations must be >= 0, was " + operations);
        }
        if (!(seconds >= 0)) { // also rejects NaN
            throw new IllegalArgumentException("seconds must be >= 0, was " + seconds);
        }
    }

    public Measurement(String scenario, long operations, double seconds, LatencyStats latency) {
        this(scenario, operations, seconds, latency, null);
    }

    Measurement withCost(ScenarioCost measured) {
        return new Measurement(scenario, operations, seconds, latency, measured);
    }

    /** Throughput; 0 for a zero-length run instead of Infinity/NaN, which JSON cannot carry as numbers. */
    public double perSecond() {
        return seconds > 0 ? operations / seconds : 0.0;
    }

    /** The cost divided by the operations; null when not measured. */
    ScenarioCost.PerOperation costPerOperation() {
        return cost == null ? null : cost.perOperation(operations);
    }
}
