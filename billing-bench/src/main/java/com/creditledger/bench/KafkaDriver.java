package com.creditledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a job service: produces commands as fast as allowed and reads every result back,
 * timing each command from its send to its result.
 */
final class KafkaDriver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What came back for a run of commands. */
    record Run(long commands, long firstSendNanos, long lastResultNanos, LatencyRecorder latency, Map<String, JsonNode> results) {
        double seconds() {
            return (lastResultNanos - firstSendNanos) / 1e9;
        }
    }

    private final String bootstrap;
    private final String commandsTopic;
    private final String resultsTopic;
    private final KafkaProducer<String, String> producer;

    KafkaDriver(String bootstrap, String commandsTopic, String resultsTopic) {
        this.bootstrap = bootstrap;
        this.commandsTopic = commandsTopic;
        this.resultsTopic = resultsTopic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 65536,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    /**
     * Sends every command (key = account id) at {@code perSecond} (0: as fast as possible) and
     * waits for one result per command id. Commands are JSON whose commandId is unique in the run.
     */
    Run run(String label, List<String[]> keyedCommands, double perSecond, boolean keepResults, Duration timeout) {
        int total = keyedCommands.size();
        Map<String, Long> sentAt = new ConcurrentHashMap<>(total * 2);
        Map<String, JsonNode> results = keepResults ? new ConcurrentHashMap<>() : Map.of();
        LatencyRecorder latency = new LatencyRecorder();
        CountDownLatch subscribed = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong lastResult = new AtomicLong();
        AtomicLong received = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(resultsTopic));
                while (consumer.assignment().isEmpty()) {
                    consumer.poll(Duration.ofMillis(100));
                }
                consumer.seekToEnd(consumer.assignment());
                consumer.assignment().forEach(consumer::position);
                subscribed.countDown();
                while (received.get() < total) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        JsonNode result = read(record.value());
                        String commandId = result.path("commandId").asText();
                        Long sent = sentAt.remove(commandId);
                        if (sent != null) {
                            latency.record(now - sent);
                            lastResult.set(now);
                            received.incrementAndGet();
                            if (keepResults) {
                                results.put(commandId, result);
                            }
                        }
                    }
                }
            } finally {
                done.countDown();
            }
        }, "bench-results");
        reader.setDaemon(true);
        reader.start();
        await(subscribed, Duration.ofSeconds(60), "the results consumer did not start");

        long first = System.nanoTime();
        long intervalNanos = perSecond <= 0 ? 0 : (long) (1e9 / perSecond);
        long progressAt = first + 5_000_000_000L;
        for (int i = 0; i < total; i++) {
            String[] command = keyedCommands.get(i);
            if (intervalNanos > 0) {
                long due = first + i * intervalNanos;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            sentAt.put(command[2], System.nanoTime());
            producer.send(new ProducerRecord<>(commandsTopic, command[0], command[1]));
            if (System.nanoTime() > progressAt) {
                System.err.printf("  %s: %d of %d sent, %d results%n", label, i + 1, total, received.get());
                progressAt = System.nanoTime() + 5_000_000_000L;
            }
        }
        producer.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (done.getCount() > 0 && System.nanoTime() < deadline) {
            await(done, Duration.ofSeconds(5), null);
            if (done.getCount() > 0) {
                System.err.printf("  %s: %d of %d results%n", label, received.get(), total);
            }
        }
        if (done.getCount() > 0) {
            throw new IllegalStateException(label + ": only " + received.get() + " of " + total + " results within " + timeout);
        }
        return new Run(total, first, lastResult.get(), latency, results);
    }

    private static void await(CountDownLatch latch, Duration timeout, String failure) {
        try {
            if (!latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && failure != null) {
                throw new IllegalStateException(failure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
