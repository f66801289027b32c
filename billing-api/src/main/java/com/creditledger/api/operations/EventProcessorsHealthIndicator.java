package com.creditledger.api.operations;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code eventProcessors} part of {@code /actuator/health}: each processor that follows the
 * event store (the projections, {@code kafka-events}) and whether it runs, failed, or lags. A
 * stopped or failing processor makes the service DOWN (its read model or topic no longer moves);
 * one that lags more than {@code billing.projections.lagging-events} is still UP, with
 * {@code lagging: true}, since it catches up on its own.
 */
@Component
class EventProcessorsHealthIndicator extends AbstractHealthIndicator {

    private final EventProcessingConfiguration processing;
    private final ProjectionRebuilds rebuilds;
    private final long laggingEvents;

    EventProcessorsHealthIndicator(EventProcessingConfiguration processing, ProjectionRebuilds rebuilds,
                                   @Value("${billing.projections.lagging-events}") long laggingEvents) {
        super("Cannot tell how the event processors stand");
        this.processing = processing;
        this.rebuilds = rebuilds;
        this.laggingEvents = laggingEvents;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) {
        long head = rebuilds.head();
        boolean allRunning = true;
        Map<String, Object> processors = new LinkedHashMap<>();
        for (EventProcessor candidate : processing.eventProcessors().values()) {
            if (!(candidate instanceof StreamingEventProcessor processor)) {
                continue; // event-chain runs in the storing transaction: it cannot lag or stop on its own
            }
            Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
            boolean failing = processor.isError() || segments.values().stream().anyMatch(EventTrackerStatus::isErrorState);
            // a projection replayed in chunks has its processor stopped until the replay hands over
            boolean running = processor.isRunning() || rebuilds.replayingHere(processor.getName());
            allRunning &= running && !failing;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("running", running);
            detail.put("error", failing);
            detail.put("segmentsHere", segments.size());
            if (!segments.isEmpty()) {
                // segments held by another instance are that instance's to report
                long behind = Math.max(0, head - ProjectionRebuilds.position(segments));
                detail.put("behind", behind);
                detail.put("lagging", behind > laggingEvents);
                detail.put("replaying", rebuilds.rebuilding(processor.getName()));
            }
            processors.put(processor.getName(), detail);
        }
        (allRunning ? health.up() : health.down()).withDetail("head", head).withDetails(processors);
    }
}
