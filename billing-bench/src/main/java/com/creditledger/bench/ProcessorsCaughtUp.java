package com.creditledger.bench;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Waits until every running tracking processor of the service (projections, event publisher)
 * has handled every stored event. A charge's cost includes what it makes them do, so a
 * scenario's measurement starts and ends only when they are idle.
 */
final class ProcessorsCaughtUp {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;

    ProcessorsCaughtUp(EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    /**
     * The head of the store is read once, and again when they reach it (in case events came in
     * meanwhile), and their positions are asked in memory: the harness's own queries would
     * otherwise be a visible part of the commits it counts.
     */
    void await(String label) {
        long start = System.nanoTime();
        long progressAt = start + 5_000_000_000L;
        long head = head();
        while (true) {
            Map<String, Long> behind = behind(head);
            if (behind.isEmpty()) {
                long now = head();
                if (now == head) {
                    return;
                }
                head = now;
            } else if (System.nanoTime() - start > TIMEOUT.toNanos()) {
                throw new IllegalStateException(label + ": the processors did not catch up within " + TIMEOUT + ", behind: " + behind);
            } else if (System.nanoTime() > progressAt) {
                System.err.printf("  %s: processors behind the store by %s events%n", label, behind);
                progressAt = System.nanoTime() + 5_000_000_000L;
            }
            sleep();
        }
    }

    private long head() {
        return jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
    }

    /** The processors not yet at {@code head}, with how far behind they are (all of it for one that has not claimed its segments yet). */
    private Map<String, Long> behind(long head) {
        Map<String, Long> behind = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                Map<Integer, EventTrackerStatus> status = streaming.processingStatus();
                long position = status.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
                if (position < head) {
                    behind.put(name, head - position);
                }
            }
        });
        return behind;
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
