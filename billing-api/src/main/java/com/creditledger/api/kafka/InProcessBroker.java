package com.creditledger.api.kafka;

import org.apache.kafka.common.utils.Exit;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.ArrayList;
import java.util.List;

/**
 * The trial run's KRaft broker, stopped before its log directory is deleted. Kafka's test kit
 * deletes that directory in a JVM shutdown hook of its own, which runs alongside Spring's: the
 * broker, still stopping, then logged ERRORs about a vanished directory on every stop. Here those
 * hooks are kept and run once the broker has stopped.
 */
class InProcessBroker extends EmbeddedKafkaKraftBroker {

    private final List<Runnable> afterStop = new ArrayList<>();

    InProcessBroker(int partitions) {
        super(1, partitions);
    }

    @Override
    public void afterPropertiesSet() {
        Exit.setShutdownHookAdder((name, hook) -> afterStop.add(hook));
        try {
            super.afterPropertiesSet();
        } finally {
            Exit.resetShutdownHookAdder();
        }
    }

    @Override
    public void destroy() {
        super.destroy();
        afterStop.forEach(Runnable::run);
    }
}
