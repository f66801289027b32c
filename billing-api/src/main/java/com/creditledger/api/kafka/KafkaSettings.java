package com.creditledger.api.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code billing.kafka.*}: where the broker is (empty: an in-process one on
 * {@code embeddedPort}), the topic names, how many partitions and consumers, and how long the
 * answers of decided command records are kept for redeliveries.
 */
@ConfigurationProperties("billing.kafka")
public record KafkaSettings(boolean enabled, String bootstrap, int embeddedPort, Topics topics, int partitions, int consumers,
                            Duration answersRetention) {

    public record Topics(String commands, String results, String deadLetters, String events) {
    }
}
