package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.api.kafka.CommandBatches.Outcome;
import com.creditledger.api.kafka.CommandRecord.Envelope;
import com.creditledger.api.kafka.CommandRecord.Executable;
import com.creditledger.api.kafka.CommandRecord.Refused;
import com.creditledger.api.kafka.CommandRecord.Unreadable;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Handles one poll batch of the commands topic: executes its commands in one transaction,
 * then publishes a result for every command and a dead letter for every record that is not
 * one, and waits until Kafka has them all. Only then does the listener return and the
 * container commit the offsets: a crash anywhere before replays the batch, and idempotency
 * turns the replay into duplicates with the same answers.
 */
class CommandConsumer {

    private static final Logger log = LoggerFactory.getLogger(CommandConsumer.class);
    static final String REASON_HEADER = "billing.dlt.reason";
    static final String TOPIC_HEADER = "billing.dlt.source-topic";
    static final String PARTITION_HEADER = "billing.dlt.source-partition";
    static final String OFFSET_HEADER = "billing.dlt.source-offset";

    private final CommandRecordReader reader;
    private final CommandBatches batches;
    private final KafkaTemplate<String, byte[]> kafka;
    private final ObjectMapper json;
    private final KafkaSettings settings;
    private final MeterRegistry meters;

    CommandConsumer(CommandRecordReader reader, CommandBatches batches, KafkaTemplate<String, byte[]> kafka,
                    ObjectMapper json, KafkaSettings settings, MeterRegistry meters) {
        this.reader = reader;
        this.batches = batches;
        this.kafka = kafka;
        this.json = json;
        this.settings = settings;
        this.meters = meters;
    }

    void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        List<CommandRecord> read = new ArrayList<>(records.size());
        List<AccountCommand> commands = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            CommandRecord commandRecord = keyed(record, reader.read(record.value()));
            read.add(commandRecord);
            if (commandRecord instanceof Executable executable) {
                commands.add(executable.command());
            }
        }
        List<Outcome> outcomes = batches.execute(commands);

        List<ProducerRecord<String, byte[]>> out = new ArrayList<>(records.size());
        int next = 0;
        int deadLetters = 0;
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> source = records.get(i);
            CommandRecord commandRecord = read.get(i);
            if (commandRecord instanceof Executable executable) {
                Outcome outcome = outcomes.get(next++);
                if (outcome.result() != null) {
                    out.add(result(CommandResultMessage.of(executable.envelope(), outcome.result())));
                } else {
                    out.add(deadLetter(source, "processing failed: " + outcome.failure()));
                    out.add(result(CommandResultMessage.failed(executable.envelope(), outcome.failure())));
                    deadLetters++;
                }
            } else if (commandRecord instanceof Refused refused) {
                out.add(result(CommandResultMessage.of(refused.envelope(), refused.result())));
            } else if (commandRecord instanceof Unreadable unreadable) {
                log.warn("Dead-lettering record {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), unreadable.reason());
                out.add(deadLetter(source, unreadable.reason()));
                deadLetters++;
            }
        }
        publish(out);
        meters.counter("billing.kafka.commands").increment(commands.size());
        meters.counter("billing.kafka.dead-letters").increment(deadLetters);
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
                : new Unreadable("the record key '" + key + "' is not the command's accountId '" + accountId + "'");
    }

    private ProducerRecord<String, byte[]> result(CommandResultMessage message) {
        try {
            return new ProducerRecord<>(settings.topics().results(), message.accountId(), json.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a result always serializes", e);
        }
    }

    private ProducerRecord<String, byte[]> deadLetter(ConsumerRecord<byte[], byte[]> source, String reason) {
        String key = source.key() == null ? null : new String(source.key(), StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(settings.topics().deadLetters(), key, source.value());
        record.headers().add(new RecordHeader(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(TOPIC_HEADER, source.topic().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(PARTITION_HEADER, Integer.toString(source.partition()).getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader(OFFSET_HEADER, Long.toString(source.offset()).getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private void publish(List<ProducerRecord<String, byte[]>> records) {
        List<CompletableFuture<?>> sent = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            sent.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing results", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("results could not be published; the batch will be replayed", e);
        }
    }
}
