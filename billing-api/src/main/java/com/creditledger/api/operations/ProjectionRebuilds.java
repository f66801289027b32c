package com.creditledger.api.operations;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rebuilds a projection from the event store while the service keeps running and answering.
 * Its processor stops; its tables move aside and fresh ones take their names; its tokens go back
 * to the start, and the store is replayed into the fresh tables in large chunks
 * ({@link ProjectionReplay}) before the processor starts again from where the replay ended. Queries read through views (V105), which
 * follow the tables aside, so until the replay has caught up they answer from the projection as
 * it was when the rebuild started, never from a half-built one; then the views switch to the
 * rebuilt tables and the old ones are dropped. Commands and the other projections are not
 * affected. Progress (position, events per second, time left) is logged every few seconds while
 * a projection rebuilds, and can be read from the API and from Actuator.
 */
@Component
public class ProjectionRebuilds {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRebuilds.class);
    public static final List<String> PROJECTIONS = List.of("balances", "usage", "finance");
    /** The tables each projection's processor writes; queries read each one through the view {@code read_<table>}. */
    static final Map<String, List<String>> TABLES = Map.of(
            "balances", List.of("balance_view", "open_hold", "balance_alert", "alert_settings"),
            "usage", List.of("usage_entry"),
            "finance", List.of("finance_entry"));

    /** Where a projection stands against the head of the event store. */
    public record Progress(String projection, boolean replaying, long position, long head, long behind,
                           Double eventsPerSecond, Double secondsLeft) {
    }

    private record Sample(long nanos, long position) {
    }

    private final EventProcessingConfiguration processing;
    private final ProjectionReplay replayer;
    private final TokenStore tokens;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Map<String, Replay> replays = new ConcurrentHashMap<>();
    private final Map<String, Sample> lastSamples = new ConcurrentHashMap<>();
    private final Map<String, Double> rates = new ConcurrentHashMap<>();

    public ProjectionRebuilds(EventProcessingConfiguration processing, ProjectionReplay replayer, TokenStore tokens,
                              JdbcClient jdbc, TransactionTemplate transactions) {
        this.processing = processing;
        this.replayer = replayer;
        this.tokens = tokens;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Starts rebuilding a projection and returns at once: the replay runs on a thread of its own
     * ({@link ProjectionReplay}), and the processor starts again when it has caught up, or when
     * it failed, to go on from where it got. A rebuild asked for while one replays stops that one
     * and starts over.
     */
    public synchronized Progress rebuild(String projection) {
        TrackingEventProcessor processor = trackingProcessor(projection);
        Replay running = replays.remove(projection);
        if (running != null) {
            running.stopAndWait();
        }
        log.info("Rebuilding projection {}: stopping its processor, setting its tables aside and its tokens to the start", projection);
        processor.shutDown();
        try {
            transactions.executeWithoutResult(status -> {
                setAside(projection);
                toTheStart(processor);
            });
        } catch (UnableToClaimTokenException e) {
            processor.start();
            throw new HeldElsewhere(projection, e);
        }
        lastSamples.remove(projection);
        rates.remove(projection);
        Replay replay = new Replay(projection, processor);
        replays.put(projection, replay);
        replay.start();
        log.info("Projection {} is replaying from the start of the event store", projection);
        return progress(projection);
    }

    /** Every segment's token to the start of the store, the fresh tables emptied (a rebuild started over has rows in them). */
    private void toTheStart(TrackingEventProcessor processor) {
        int[] segments = tokens.fetchSegments(processor.getName());
        for (int segment : segments) {
            tokens.fetchToken(processor.getName(), segment);
        }
        processor.eventHandlerInvoker().performReset();
        for (int segment : segments) {
            tokens.storeToken(null, processor.getName(), segment);
        }
    }

    /** A projection's replay on a thread of its own, and its position as each chunk commits. */
    private final class Replay {

        private final String projection;
        private final TrackingEventProcessor processor;
        private final Thread thread;
        private volatile long position;
        private volatile boolean stopped;

        Replay(String projection, TrackingEventProcessor processor) {
            this.projection = projection;
            this.processor = processor;
            this.thread = new Thread(this::run, "replay-" + projection);
        }

        void start() {
            thread.start();
        }

        private void run() {
            long start = System.nanoTime();
            try {
                long events = replayer.catchUp(processor, at -> {
                    position = at;
                    if (stopped) {
                        throw new ReplayStopped();
                    }
                });
                log.info("Projection {} replayed {} events in {} ms; its processor takes over", projection, events,
                        (System.nanoTime() - start) / 1_000_000);
            } catch (ReplayStopped e) {
                log.info("Replay of projection {} stopped at {}", projection, position);
            } catch (RuntimeException e) {
                log.error("Replay of projection {} failed at {}; its processor goes on from there", projection, position, e);
            } finally {
                handOver();
            }
        }

        /** Under this replay's lock, so that a rebuild that stops it either comes first or finds its processor started. */
        private synchronized void handOver() {
            replays.remove(projection, this);
            if (!stopped) {
                processor.start();
            }
        }

        void stopAndWait() {
            synchronized (this) {
                stopped = true;
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while stopping the replay of " + projection, e);
            }
        }
    }

    private static final class ReplayStopped extends RuntimeException {
        ReplayStopped() {
            super(null, null, false, false);
        }
    }

    /** A replay under way stops after its chunk: the service is going down, and its processor stays stopped. */
    @PreDestroy
    void stopReplays() {
        replays.values().forEach(Replay::stopAndWait);
    }

    /** Whether this instance is replaying the projection itself, with its processor stopped meanwhile. */
    public boolean replayingHere(String projection) {
        return replays.containsKey(projection);
    }

    /**
     * The live tables move aside, their views with them, and empty tables of the same shape take
     * their names. A rebuild started again before the last one switched over keeps the tables
     * aside (the last complete projection) and only starts the fresh ones again.
     */
    private void setAside(String projection) {
        long head = head();
        boolean underWay = jdbc.sql("select projection from projection_rebuild where projection = :p for update")
                .param("p", projection).query(String.class).optional().isPresent();
        if (underWay) {
            jdbc.sql("update projection_rebuild set target_position = :t, started_at = now() where projection = :p")
                    .param("p", projection).param("t", head).update();
            return;
        }
        jdbc.sql("insert into projection_rebuild (projection, target_position, started_at) values (:p, :t, now())")
                .param("p", projection).param("t", head).update();
        for (String table : TABLES.get(projection)) {
            jdbc.sql("alter table " + table + " rename to " + table + "_previous").update();
            // Only the keys, which the replay's upserts need; the other indexes are built at the switch,
            // once over all the rows, for a fraction of what keeping them up row by row costs.
            jdbc.sql("create table " + table + " (like " + table + "_previous including all excluding indexes)").update();
            for (String key : keys(table + "_previous").keySet()) {
                jdbc.sql("alter table " + table + " add " + key).update();
            }
        }
    }

    /**
     * Switches the reads of every rebuild that has caught up to its rebuilt tables. Any instance
     * may find it done; the row of the rebuild makes the switch happen once.
     */
    @Scheduled(fixedDelayString = "${billing.projections.switch-interval:1s}")
    public void switchCaughtUp() {
        record Rebuild(String projection, long target) {
        }
        List<Rebuild> underWay = jdbc.sql("select projection, target_position from projection_rebuild")
                .query((rs, row) -> new Rebuild(rs.getString(1), rs.getLong(2))).list();
        for (Rebuild rebuild : underWay) {
            if (PROJECTIONS.contains(rebuild.projection()) && replayedTo(rebuild.projection(), rebuild.target())) {
                transactions.executeWithoutResult(status -> switchOver(rebuild.projection(), rebuild.target()));
            }
        }
    }

    /** Whether this instance holds every segment of the projection and each has passed {@code target}. */
    private boolean replayedTo(String projection, long target) {
        Map<Integer, EventTrackerStatus> status = processor(projection).processingStatus();
        long segments = jdbc.sql("select count(*) from token_entry where processor_name = :p").param("p", projection)
                .query(Long.class).single();
        return !status.isEmpty() && status.size() == segments
                && status.values().stream().allMatch(s -> !s.isErrorState() && s.getCurrentPosition().orElse(0) >= target);
    }

    private void switchOver(String projection, long target) {
        int ours = jdbc.sql("delete from projection_rebuild where projection = :p and target_position = :t")
                .param("p", projection).param("t", target).update();
        if (ours == 0) {
            return;
        }
        for (String table : TABLES.get(projection)) {
            List<String> indexes = jdbc.sql("""
                            select pg_get_indexdef(x.indexrelid) from pg_index x
                            where x.indrelid = cast(:t as regclass)
                              and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)""")
                    .param("t", table + "_previous").query(String.class).list();
            Map<String, String> oldKeys = keys(table + "_previous");
            Map<String, String> newKeys = keys(table);
            jdbc.sql("create or replace view read_" + table + " as select * from " + table).update();
            jdbc.sql("drop table " + table + "_previous").update();
            // under their own names, which the old table's keys and indexes kept until it was dropped
            oldKeys.forEach((definition, name) -> {
                String current = newKeys.get(definition);
                if (current != null && !current.equals(name)) {
                    jdbc.sql("alter table " + table + " rename constraint " + current + " to " + name).update();
                }
            });
            for (String index : indexes) {
                jdbc.sql(index.replace(" " + table + "_previous ", " " + table + " ")
                        .replace("." + table + "_previous ", "." + table + " ")).update();
            }
        }
        log.info("Projection {} rebuilt: its queries now read the rebuilt tables", projection);
    }

    /** A table's primary and unique keys: their definitions, with their names. */
    private Map<String, String> keys(String table) {
        Map<String, String> keys = new HashMap<>();
        jdbc.sql("select pg_get_constraintdef(oid), conname from pg_constraint where conrelid = cast(:t as regclass) and contype in ('p', 'u')")
                .param("t", table).query(rs -> {
                    keys.put(rs.getString(1), rs.getString(2));
                });
        return keys;
    }

    /** The global index of the newest event in the store. */
    public long head() {
        return jdbc.sql("select coalesce(max(global_index), 0) from domain_event_entry").query(Long.class).single();
    }

    /** How far a processor has come here: its slowest segment held by this instance. */
    public static long position(Map<Integer, EventTrackerStatus> segments) {
        return segments.values().stream().mapToLong(s -> s.getCurrentPosition().orElse(0)).min().orElse(0);
    }

    /**
     * Whether a rebuild of the processor is under way: until it switched over. Axon's own replay
     * flag stays up on an idle store until a new event arrives.
     */
    public boolean rebuilding(String processor) {
        return jdbc.sql("select count(*) from projection_rebuild where projection = :p").param("p", processor)
                .query(Long.class).single() > 0;
    }

    public StreamingEventProcessor processor(String projection) {
        return trackingProcessor(projection);
    }

    private TrackingEventProcessor trackingProcessor(String projection) {
        if (!PROJECTIONS.contains(projection)) {
            throw new UnknownProjection(projection);
        }
        return processing.eventProcessor(projection, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("no tracking processor for " + projection));
    }

    public List<Progress> progress() {
        return PROJECTIONS.stream().map(this::progress).toList();
    }

    public Progress progress(String projection) {
        Replay replay = replays.get(projection);
        long position = replay != null ? replay.position : position(processor(projection).processingStatus());
        boolean replaying = rebuilding(projection);
        long head = head();
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

    /** Another instance holds segments of the projection's processor: the rebuild changed nothing. */
    public static final class HeldElsewhere extends IllegalStateException {
        HeldElsewhere(String projection, UnableToClaimTokenException cause) {
            super("another instance holds segments of projection '" + projection + "', so it cannot be rebuilt here:"
                    + " rebuild it on the instance that holds them (GET /actuator/projections says which), or stop that one", cause);
        }
    }

    public static final class UnknownProjection extends IllegalArgumentException {
        UnknownProjection(String projection) {
            super("no projection '" + projection + "'; known: " + PROJECTIONS);
        }
    }
}
