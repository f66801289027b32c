package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.api.kafka.CommandDecisions.Decided;
import com.creditledger.api.kafka.CommandDecisions.Execution;
import com.creditledger.api.kafka.CommandDecisions.Outcome;
import com.creditledger.api.kafka.DecidedRecords.AlreadyDecidedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Handles one poll batch of the commands topic: decides its records in one transaction (see
 * {@link CommandDecisions}), then publishes every answer and waits until Kafka has them all.
 * Only then does the listener return and the container commit the offsets; but those offsets
 * are a hint: what PostgreSQL recorded decides which records are new.
 * <p>
 * If the batch fails anyway, it is rolled back whole and decided again one record per
 * transaction, so a command that fails on its own is confined to itself: it is answered
 * {@code PROCESSING_FAILED} and dead-lettered. A database that cannot be reached is nobody's
 * fault: the batch is retried whole, later, with nothing answered meanwhile.
 */
class CommandConsumer {

    private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);
    private static final int ATTEMPTS_ALONE = 3;

    private final CommandDecisions decisions;
    private final CommandBatches batches;
    private final TopicIds topicIds;
    private final AnswerPublisher publisher;
    private final Counter commands;
    private final Counter deadLetters;
    private final Counter redelivered;

    CommandConsumer(CommandDecisions decisions, CommandBatches batches, TopicIds topicIds, AnswerPublisher publisher,
                    MeterRegistry meters) {
        this.decisions = decisions;
        this.batches = batches;
        this.topicIds = topicIds;
        this.publisher = publisher;
        this.commands = meters.counter("billing.kafka.commands");
        this.deadLetters = meters.counter("billing.kafka.dead-letters");
        this.redelivered = Counter.builder("billing.kafka.redelivered")
                .description("records delivered again after they were decided: answered from the database, not decided again")
                .register(meters);
    }

    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        if (records.isEmpty()) {
            return;
        }
        String topicId = topicIds.idOf(records.get(0).topic());
        SortedMap<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
        }
        Decided batch;
        try {
            batch = batches.inOneTransaction(() -> decisions.decide(topicId, byPartition, batches));
        } catch (AlreadyDecidedException e) {
            log.info("{}", e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            CommandBatches.rethrowIfUnavailable(e);
            log.warn("A batch of {} records failed ({}); deciding them one transaction each", records.size(), e.toString());
            records.forEach(record -> publish(decideAlone(topicId, record)));
            return;
        }
        publish(batch);
    }

    /** Answers the failure a command met on its own, without running it again. */
    private record Failing(Throwable failure) implements Execution {

        @Override
        public void prepare(List<AccountCommand> commands) {
        }

        @Override
        public Outcome execute(AccountCommand command) {
            return new Outcome(null, failure);
        }
    }

    /**
     * A record in a transaction of its own, answered (by the caller) before the next: so, as in
     * the batch path, only a partition's latest decision can have answers Kafka has not
     * acknowledged. Its transaction may fail because another instance wrote to its account first
     * (the rollback evicted the stale cached account): it is decided again, afresh. A failure that
     * persists is the command's own.
     */
    private Decided decideAlone(String topicId, ConsumerRecord<byte[], byte[]> record) {
        SortedMap<Integer, List<ConsumerRecord<byte[], byte[]>>> single = new TreeMap<>(Map.of(record.partition(), List.of(record)));
        RuntimeException failed = null;
        for (int attempt = 0; attempt < ATTEMPTS_ALONE; attempt++) {
            try {
                return batches.inOneTransaction(() -> decisions.decide(topicId, single, batches));
            } catch (AlreadyDecidedException e) {
                throw e;
            } catch (RuntimeException e) {
                CommandBatches.rethrowIfUnavailable(e);
                failed = e;
            }
        }
        log.error("Record {}-{}@{} failed on its own", record.topic(), record.partition(), record.offset(), failed);
        Throwable failure = CommandBatches.unwrap(failed);
        return batches.inOneTransaction(() -> decisions.decide(topicId, single, new Failing(failure)));
    }

    private void publish(Decided decided) {
        publisher.publish(decided.answers());
        commands.increment(decided.commands());
        deadLetters.increment(decided.deadLetters());
        redelivered.increment(decided.redelivered());
    }
}
