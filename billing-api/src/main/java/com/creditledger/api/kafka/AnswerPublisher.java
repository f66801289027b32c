package com.creditledger.api.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends answers and waits until Kafka has them all ({@code acks=all}). A consumer polls again
 * only after that, which is why only a partition's latest decision can have answers that never
 * reached Kafka.
 */
class AnswerPublisher {

    private final KafkaTemplate<String, byte[]> kafka;

    AnswerPublisher(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    void publish(List<Answer> answers) {
        if (answers.isEmpty()) {
            return;
        }
        List<CompletableFuture<?>> sent = new ArrayList<>(answers.size());
        for (Answer answer : answers) {
            ProducerRecord<String, byte[]> record = answer.record();
            // A fresh record each time: a ProducerRecord's headers become read-only once it is sent.
            ProducerRecord<String, byte[]> copy = new ProducerRecord<>(record.topic(), null, record.key(), record.value(),
                    new RecordHeaders(record.headers().toArray()));
            sent.add(kafka.send(copy));
        }
        // The caller waits for these: lingering for more records to batch would only add latency.
        kafka.flush();
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing answers", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("answers could not be published; they will be sent again from the database", e);
        }
    }
}
