package com.creditledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays a job service: produces commands as fast as allowed (or at a given rate) and reads every
 * result back, timing each command from its send to its result. The results are read by one
 * thread for the driver's whole life, so that its CPU can be read per thread around any
 * scenario (see {@link JvmCpu}); its threads and Kafka clients are named {@code harness-...}.
 */
final class KafkaDriver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What came back for a run of commands; {@code statuses}: how many results had each status. */
    record Run(long commands, long firstSendNanos, long lastResultNanos, LatencyRecorder latency, Map<String, Long> statuses) {
        double seconds() {
            return (lastResultNanos - firstSendNanos) / 1e9;
        }

        long accepted() {
            return statuses.getOrDefault("ACCEPTED", 0L);
        }
    }

    /** The run being read: the results it still waits for. */
    private record Pending(Map<String, Long> sentAt, Map<String, Long> statuses, LatencyRecorder latency,
                           AtomicLong received, AtomicLong lastResult, long total, CountDownLatch done) {
    }

    private final String commandsTopic;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile Pending pending;
    private volatile boolean closed;

    KafkaDriver(String bootstrap, String commandsTopic, String resultsTopic) {
        this.commandsTopic = commandsTopic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, "harness-commands",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        // Assigned, not subscribed: no consumer group, so no rebalance wait and no heartbeat thread.
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "harness-results",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(resultsTopic, Duration.ofSeconds(60)).stream()
                .map(info -> new TopicPartition(resultsTopic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolves the end now, so results sent from here on are all read
        this.reader = new Thread(this::read, "harness-results");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Sends every command (key = account id) at {@code perSecond} (0: as fast as possible) and
     * waits for one result per command id. Commands are JSON whose commandId is unique in the run.
     */
    Run run(String label, List<String[]> keyedCommands, double perSecond, Duration timeout) {
        int total = keyedCommands.size();
        Pending run = new Pending(new ConcurrentHashMap<>(total * 2), new ConcurrentHashMap<>(), new LatencyRecorder(total), new AtomicLong(),
                new AtomicLong(), total, new CountDownLatch(1));
        if (total == 0) {
            run.done().countDown();
        }
        pending = run;
        long first = System.nanoTime();
        long intervalNanos = perSecond <= 0 ? 0 : (long) (1e9 / perSecond);
        long progressAt = first + 5_000_000_000L;
        for (int i = 0; i < total; i++) {
            String[] command = keyedCommands.get(i);
            if (intervalNanos > 0) {
                // Parked, not spun: a spinning sender would take a core from the service it measures.
                long due = first + i * intervalNanos;
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
            }
            run.sentAt().put(command[2], System.nanoTime());
            producer.send(new ProducerRecord<>(commandsTopic, command[0], command[1]));
            if (System.nanoTime() > progressAt) {
                System.err.printf("  %s: %d of %d sent, %d results%n", label, i + 1, total, run.received().get());
                progressAt = System.nanoTime() + 5_000_000_000L;
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (run.done().getCount() > 0 && System.nanoTime() < deadline) {
            if (!await(run.done(), Duration.ofSeconds(5))) {
                System.err.printf("  %s: %d of %d results%n", label, run.received().get(), total);
            }
        }
        pending = null;
        if (run.done().getCount() > 0) {
            throw new IllegalStateException(label + ": only " + run.received().get() + " of " + total + " results within " + timeout);
        }
        return new Run(total, first, run.lastResult().get(), run.latency(), Map.copyOf(run.statuses()));
    }

    private void read() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    Pending run = pending;
                    if (run == null) {
                        continue;
                    }
                    JsonNode result = parse(record.value());
                    String commandId = result.path("commandId").asText();
                    Long sent = run.sentAt().remove(commandId);
                    if (sent != null) {
                        run.latency().record(now - sent);
                        run.lastResult().set(now);
                        run.statuses().merge(result.path("status").asText(), 1L, Long::sum);
                        if (run.received().incrementAndGet() == run.total()) {
                            run.done().countDown();
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
    }
}
