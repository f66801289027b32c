package com.creditledger.api.kafka;

import org.springframework.kafka.core.KafkaTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
            sent.add(kafka.send(answer.record()));
        }
        // The caller waits for these: lingering for more records to batch would only add latency.
        kafka.flush();
        KafkaSends.awaitAll(sent, "answers", "they will be sent again from the database");
    }
}
