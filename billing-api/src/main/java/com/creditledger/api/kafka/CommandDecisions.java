package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.CommandResult;
import com.creditledger.api.kafka.CommandRecord.Executable;
import com.creditledger.api.kafka.CommandRecord.Refused;
import com.creditledger.api.kafka.CommandRecord.Unreadable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Decides records of the commands topic, inside a transaction that {@link CommandBatches}
 * opened: records a partition has already decided are answered with their stored answers;
 * the others are read, their commands executed, and their answers (a result per command, a
 * dead letter per record that is not one) stored with how far each partition got. Every
 * record is decided once, ever, and answered the same way on every delivery.
 */
class CommandDecisions {

    private static final Logger log = LoggerFactory.getLogger(CommandDecisions.class);
    static final String REASON_HEADER = "billing.dlt.reason";
    static final String TOPIC_HEADER = "billing.dlt.source-topic";
    static final String PARTITION_HEADER = "billing.dlt.source-partition";
    static final String OFFSET_HEADER = "billing.dlt.source-offset";

    /** The outcome of one command: a result, or the failure that left it without one. */
    record Outcome(CommandResult result, Throwable failure) {
    }

    /** What a call decided: every record's answers in order, and how many were commands, redeliveries, dead letters. */
    record Decided(List<Answer> answers, int commands, int redelivered, int deadLetters) {
    }

    private final CommandRecordReader reader;
    private final DecidedRecords decided;
    private final ObjectMapper json;
    private final KafkaSettings settings;

    CommandDecisions(CommandRecordReader reader, DecidedRecords decided, ObjectMapper json, KafkaSettings settings) {
        this.reader = reader;
        this.decided = decided;
        this.json = json;
        this.settings = settings;
    }

    /** How the commands of a decision run. */
    interface Execution {

        /** Called once, before the first command runs, with all of them. */
        void prepare(List<AccountCommand> commands);

        Outcome execute(AccountCommand command);
    }

    /** The records of one partition that no delivery has decided yet, as read. */
    private record Fresh(int partition, Long decidedUpTo, List<ConsumerRecord<byte[], byte[]>> records, List<CommandRecord> read) {
    }

    /**
     * Decides {@code records} (per partition, in offset order) of one topic. {@code execution} runs
     * the commands: normally in the transaction, or, for a command known to fail on its own, by
     * answering that failure.
     */
    Decided decide(String topicId, SortedMap<Integer, List<ConsumerRecord<byte[], byte[]>>> records, Execution execution) {
        Map<Integer, Long> next = decided.lockNextOffsets(topicId, records.keySet());
        List<Answer> answers = new ArrayList<>();
        int redelivered = 0;
        List<Fresh> fresh = new ArrayList<>();
        List<AccountCommand> commands = new ArrayList<>();
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> partition : records.entrySet()) {
            Long decidedUpTo = next.get(partition.getKey());
            List<ConsumerRecord<byte[], byte[]>> undecided = new ArrayList<>();
            List<CommandRecord> read = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> record : partition.getValue()) {
                if (decidedUpTo == null || record.offset() >= decidedUpTo) {
                    CommandRecord command = keyed(record, reader.read(record.value()));
                    undecided.add(record);
                    read.add(command);
                    if (command instanceof Executable executable) {
                        commands.add(executable.command());
                    }
                }
            }
            int answeredBefore = partition.getValue().size() - undecided.size();
            if (answeredBefore > 0) {
                redelivered += answeredBefore;
                answers.addAll(storedAnswers(topicId, partition.getValue(), answeredBefore));
            }
            if (!undecided.isEmpty()) {
                fresh.add(new Fresh(partition.getKey(), decidedUpTo, undecided, read));
            }
        }
        execution.prepare(commands);
        int deadLetters = 0;
        for (Fresh partition : fresh) {
            List<Answer> partitionAnswers = new ArrayList<>(partition.records().size());
            for (int i = 0; i < partition.records().size(); i++) {
                ConsumerRecord<byte[], byte[]> record = partition.records().get(i);
                CommandRecord read = partition.read().get(i);
                if (read instanceof Executable executable) {
                    Outcome outcome = execution.execute(executable.command());
                    if (outcome.result() != null) {
                        partitionAnswers.add(result(record, CommandResultMessage.of(executable.envelope(), outcome.result())));
                    } else {
                        partitionAnswers.add(deadLetter(record, "processing failed: " + outcome.failure()));
                        partitionAnswers.add(result(record, CommandResultMessage.failed(executable.envelope(), outcome.failure())));
                        deadLetters++;
                    }
                } else if (read instanceof Refused refused) {
                    partitionAnswers.add(result(record, CommandResultMessage.of(refused.envelope(), refused.result())));
                } else if (read instanceof Unreadable unreadable) {
                    log.warn("Dead-lettering record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), unreadable.reason());
                    partitionAnswers.add(deadLetter(record, unreadable.reason()));
                    deadLetters++;
                }
            }
            ConsumerRecord<byte[], byte[]> first = partition.records().get(0);
            ConsumerRecord<byte[], byte[]> last = partition.records().get(partition.records().size() - 1);
            decided.record(topicId, first.topic(), partition.partition(), partition.decidedUpTo(), first.offset(), last.offset() + 1,
                    partitionAnswers);
            answers.addAll(partitionAnswers);
        }
        return new Decided(answers, commands.size(), redelivered, deadLetters);
    }

    /**
     * The answers stored for the first {@code count} records, which a previous delivery decided. A
     * record whose answers are gone (kept for {@code billing.kafka.answers-retention}) is still
     * not decided again: it is skipped, loudly.
     */
    private List<Answer> storedAnswers(String topicId, List<ConsumerRecord<byte[], byte[]>> records, int count) {
        ConsumerRecord<byte[], byte[]> first = records.get(0);
        ConsumerRecord<byte[], byte[]> last = records.get(count - 1);
        List<Answer> stored = decided.answersOf(topicId, first.partition(), first.offset(), last.offset());
        long answered = stored.stream().mapToLong(Answer::sourceOffset).distinct().count();
        if (answered < count) {
            log.warn("{} records of {}-{} between offsets {} and {} were decided long ago and their answers are no longer kept; "
                    + "they are not decided again", count - answered, first.topic(), first.partition(), first.offset(), last.offset());
        }
        return stored;
    }

    /**
     * Order per account holds only if all of an account's commands share a partition, that is a
     * key: a command keyed by another account is refused rather than risk overtaking one.
     */
    private static CommandRecord keyed(ConsumerRecord<byte[], byte[]> record, CommandRecord read) {
        if (record.key() == null || !(read instanceof Executable executable)) {
            return read;
        }
        String key = new String(record.key(), StandardCharsets.UTF_8);
        String accountId = executable.envelope().accountId();
        return key.equals(accountId) ? read
                : new Unreadable("the record key '" + shortened(key) + "' is not the command's accountId '" + accountId + "'");
    }

    /** A reason header quotes a key, not a megabyte of one: the dead letter must stay under the record size limit. */
    private static String shortened(String key) {
        return key.length() <= 128 ? key : key.substring(0, 128) + "... (" + key.length() + " characters)";
    }

    private Answer result(ConsumerRecord<byte[], byte[]> source, CommandResultMessage message) {
        try {
            return new Answer(source.offset(),
                    new ProducerRecord<>(settings.topics().results(), message.accountId(), json.writeValueAsBytes(message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result always serializes", e);
        }
    }

    private Answer deadLetter(ConsumerRecord<byte[], byte[]> source, String reason) {
        String key = source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topics().deadLetters(), key, source.value());
        record.headers().add(new RecordHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(TOPIC_HEADER, source.topic().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(PARTITION_HEADER, Integer.toString(source.partition()).getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(OFFSET_HEADER, Long.toString(source.offset()).getBytes(StandardCharsets.UTF_8)));
        return new Answer(source.offset(), record);
    }
}
