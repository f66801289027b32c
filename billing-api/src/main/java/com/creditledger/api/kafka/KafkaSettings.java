package com.creditledger.api.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code billing.kafka.*}: where the broker is (empty: an in-process one on
 * {@code embeddedPort}), the topic names, and how many partitions and consumers.
 */
@ConfigurationProperties("billing.kafka")
public record KafkaSettings(boolean enabled, String bootstrap, int embeddedPort, Topics topics, int partitions, int consumers) {

    public record Topics(String commands, String results, String deadLetters, String events) {
    }
}
