package com.creditledger.api.operations;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a projection from the event store while the service keeps running: its processor
 * stops, its tokens go back to the start (its reset handler empties its tables), and it
 * replays. Commands and the other projections are not affected. Progress (position, events
 * per second, time left) is logged every few seconds while a projection replays, and can be
 * read from the API and from Actuator.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    public static final List<String> PROJECTIONS = List.of("balances", "usage", "finance");

    /** Where a projection stands against the head of the event store. */
    public record Progress(String projection, boolean replaying, long position, long head, long behind,
                           Double eventsPerSecond, Double secondsLeft) {
    }

    private record Sample(long nanos, long position) {
    }

    private final EventProcessingConfiguration processing;
    private final JdbcClient jdbc;
    private final Map<String, Sample> lastSamples = new ConcurrentHashMap<>();
    private final Map<String, Double> rates = new ConcurrentHashMap<>();

    public ProjectionRebuilds(EventProcessingConfiguration processing, JdbcClient jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    public Progress rebuild(String projection) {
        StreamingEventProcessor processor = processor(projection);
        log.info("Rebuilding projection {}: stopping its processor and resetting its tokens", projection);
        processor.shutDown();
        processor.resetTokens();
        lastSamples.remove(projection);
        rates.remove(projection);
        processor.start();
        log.info("Projection {} is replaying from the start of the event store", projection);
        return progress(projection);
    }

    public StreamingEventProcessor processor(String projection) {
        if (!PROJECTIONS.contains(projection)) {
            throw new UnknownProjection(projection);
        }
        return processing.eventProcessor(projection, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no streaming processor for " + projection));
    }

    public List<Progress> progress() {
        return PROJECTIONS.stream().map(this::progress).toList();
    }

    public Progress progress(String projection) {
        Map<Integer, EventTrackerStatus> status = processor(projection).processingStatus();
        long position = status.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
        boolean replaying = status.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        long head = jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
        long behind = Math.max(0, head - position);
        return withRate(new Progress(projection, replaying, position, head, behind, null, null));
    }

    /** Samples every projection's position, so that the rate and the time left of a replay are known and logged. */
    @Scheduled(fixedDelayString = "${billing.projections.progress-interval:5s}")
    public void sample() {
        for (String projection : PROJECTIONS) {
            Progress now = progress(projection);
            long nanos = System.nanoTime();
            Sample previous = lastSamples.put(projection, new Sample(nanos, now.position()));
            if (previous != null && nanos > previous.nanos()) {
                rates.put(projection, (now.position() - previous.position()) * 1e9 / (nanos - previous.nanos()));
            }
            if (now.replaying()) {
                Progress withRate = withRate(now);
                log.info("Projection {} replaying: at {} of {} ({} behind), {} events/s, about {} s left", projection,
                        withRate.position(), withRate.head(), withRate.behind(),
                        withRate.eventsPerSecond() == null ? "?" : String.format("%.0f", withRate.eventsPerSecond()),
                        withRate.secondsLeft() == null ? "?" : String.format("%.0f", withRate.secondsLeft()));
            }
        }
    }

    private Progress withRate(Progress progress) {
        Double rate = rates.get(progress.projection());
        return new Progress(progress.projection(), progress.replaying(), progress.position(), progress.head(),
                progress.behind(), rate, rate == null || rate <= 0 ? null : progress.behind() / rate);
    }

    public static final class UnknownProjection extends IllegalArgumentException {
        UnknownProjection(String projection) {
            super("no projection '" + projection + "'; known: " + PROJECTIONS);
        }
    }
}
