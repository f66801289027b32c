package com.creditledger.api.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.springframework.beans.factory.DisposableBean;

import java.time.Duration;

/**
 * The instance's one admin client, for its own questions to Kafka: who is in the command group,
 * whether the brokers answer. Closing waits at most 2 s: unbounded, it waits for requests to a
 * broker that may already be gone, a minute each.
 */
record BrokerAdmin(Admin client) implements DisposableBean {

    @Override
    public void destroy() {
        client.close(Duration.ofSeconds(2));
    }
}
