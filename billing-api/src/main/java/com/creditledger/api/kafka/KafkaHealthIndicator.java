package com.creditledger.api.kafka;

import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;

/** The {@code kafka} part of {@code /actuator/health}: whether the brokers answer, and how many there are. */
@Component
@ConditionalOnProperty(name = "billing.kafka.enabled", matchIfMissing = true)
class KafkaHealthIndicator extends AbstractHealthIndicator {

    private static final int TIMEOUT_MS = 3000;

    private final BrokerAdmin admin;

    KafkaHealthIndicator(BrokerAdmin admin) {
        super("Kafka does not answer");
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws Exception {
        DescribeClusterResult cluster = admin.client().describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS));
        health.up()
                .withDetail("clusterId", cluster.clusterId().get(TIMEOUT_MS, TimeUnit.MILLISECONDS))
                .withDetail("brokers", cluster.nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size());
    }
}
