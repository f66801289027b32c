package com.creditledger.api.operations;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Brings a stopped projection processor up to the head of the store faster than the processor
 * replays on its own: the store is read once, in order, and every chunk of events is folded by
 * the processor's own handlers in one unit of work and one transaction, together with the
 * tokens of all its segments. A tracking processor replays in batches of a thousand, each read,
 * dispatched and committed on its own with its token; here the chunks are larger and the
 * processor's per-batch machinery (claims, status, segment checks, interceptors) is left out,
 * and the next chunk is read and deserialized on a second thread while one is folded.
 * <p>
 * A chunk that fails rolls back whole, and the tokens say where the processor goes on when it
 * starts again: a replay cut short resumes there, nothing is folded twice. Events of one stored
 * entry (an upcast to several) share a token and are never split between chunks.
 */
@Component
public class ProjectionReplay {

    private final EventStorageEngine store;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final int chunk;

    public ProjectionReplay(EventStorageEngine store, TokenStore tokens, TransactionManager transactions,
                            @Value("${billing.projections.replay-chunk}") int chunk) {
        this.store = store;
        this.tokens = tokens;
        this.transactions = transactions;
        this.chunk = chunk;
    }

    /**
     * Folds every event after the processor's tokens, which must all be the same (as a rebuild
     * leaves them), and leaves them at the last. The processor must be shut down on this
     * instance, and no other may hold its segments: its tokens are claimed here.
     *
     * @param folded told the position of each chunk once it committed
     * @return how many events were folded
     */
    public long catchUp(TrackingEventProcessor processor, LongConsumer folded) {
        String name = processor.getName();
        int[] segments = transactions.fetchInTransaction(() -> tokens.fetchSegments(name));
        TrackingToken from = transactions.fetchInTransaction(() -> {
            TrackingToken first = tokens.fetchToken(name, segments[0]);
            for (int segment : segments) {
                TrackingToken token = tokens.fetchToken(name, segment);
                if (token == null ? first != null : !token.equals(first)) {
                    throw new IllegalStateException("the segments of " + name + " are not at one position: " + segment);
                }
            }
            return first;
        });
        EventHandlerInvoker handlers = processor.eventHandlerInvoker();
        BlockingQueue<Chunk> chunks = new ArrayBlockingQueue<>(1);
        Thread reader = new Thread(() -> read(from, chunks), Thread.currentThread().getName() + "-reader");
        reader.start();
        long count = 0;
        try {
            for (Chunk next = take(chunks); next.events() != null; next = take(chunks)) {
                count += fold(name, segments, handlers, next.events(), folded);
            }
        } finally {
            reader.interrupt();
        }
        return count;
    }

    /**
     * The next chunk, or the end (no events); the reader's failure is thrown here. Reading and
     * deserializing a chunk on another thread while this one is folded keeps both cores busy.
     */
    private static Chunk take(BlockingQueue<Chunk> chunks) {
        try {
            Chunk chunk = chunks.take();
            if (chunk.failure() != null) {
                throw new IllegalStateException("reading the event store failed", chunk.failure());
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", e);
        }
    }

    private record Chunk(List<TrackedEventMessage<?>> events, RuntimeException failure) {
    }

    private void read(TrackingToken from, BlockingQueue<Chunk> chunks) {
        try {
            try (Stream<? extends TrackedEventMessage<?>> events = store.readEvents(WrappedToken.unwrapLowerBound(from), false)) {
                Iterator<? extends TrackedEventMessage<?>> stored = events.iterator();
                List<TrackedEventMessage<?>> batch = new ArrayList<>(chunk + 1);
                while (stored.hasNext()) {
                    TrackedEventMessage<?> event = stored.next();
                    if (batch.size() >= chunk && !event.trackingToken().equals(last(batch))) {
                        chunks.put(new Chunk(batch, null));
                        batch = new ArrayList<>(chunk + 1);
                    }
                    // deserialized here, off the folding thread; the message keeps what it deserialized
                    event.getPayload();
                    batch.add(event);
                }
                if (!batch.isEmpty()) {
                    chunks.put(new Chunk(batch, null));
                }
            } catch (RuntimeException e) {
                chunks.put(new Chunk(null, e));
                return;
            }
            chunks.put(new Chunk(null, null));
        } catch (InterruptedException e) {
            // the replay stopped or failed while this was waiting to hand over a chunk
        }
    }

    private int fold(String name, int[] segments, EventHandlerInvoker handlers, List<TrackedEventMessage<?>> batch,
                     LongConsumer folded) {
        TrackingToken last = last(batch);
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.onPrepareCommit(work -> {
            for (int segment : segments) {
                tokens.storeToken(last, name, segment);
            }
        });
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            handlers.handle(unitOfWork.getMessage(), Segment.ROOT_SEGMENT);
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw new IllegalStateException("replaying " + name + " failed at " + batch.get(0).trackingToken()
                    + "; it goes on from there when its processor starts", result.exceptionResult());
        }
        folded.accept(last.position().orElse(0));
        return batch.size();
    }

    private static TrackingToken last(List<TrackedEventMessage<?>> batch) {
        return batch.get(batch.size() - 1).trackingToken();
    }
}
