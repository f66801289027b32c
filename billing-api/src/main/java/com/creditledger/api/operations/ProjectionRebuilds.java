package com.creditledger.api.operations;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Rebuilds a projection from the event store while the service keeps running: its processor
 * stops, its tokens go back to the start (its reset handler empties its tables), and it
 * replays. Commands and the other projections are not affected.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    public static final List<String> PROJECTIONS = List.of("balances", "usage", "finance");

    private final EventProcessingConfiguration processing;

    public ProjectionRebuilds(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    public void rebuild(String projection) {
        StreamingEventProcessor processor = processor(projection);
        log.info("Rebuilding projection {}: stopping its processor and resetting its tokens", projection);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        log.info("Projection {} is replaying from the start of the event store", projection);
    }

    public StreamingEventProcessor processor(String projection) {
        if (!PROJECTIONS.contains(projection)) {
            throw new IllegalArgumentException("no projection '" + projection + "'; known: " + PROJECTIONS);
        }
        return processing.eventProcessor(projection, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor for " + projection));
    }
}
