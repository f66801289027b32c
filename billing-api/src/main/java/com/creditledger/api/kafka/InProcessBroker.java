package com.creditledger.api.kafka;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(InProcessBroker.class);

    private final List<Runnable> afterStop = new ArrayList<>();

    private InProcessBroker(int partitions) {
        super(1, partitions);
    }

    /** A started broker with topics of {@code partitions} partitions, on {@code port} (0: any free one). */
    static InProcessBroker start(int partitions, int port) {
        InProcessBroker broker = new InProcessBroker(partitions);
        if (port > 0) {
            // The KRaft test broker ignores kafkaPorts(); its listeners can be named directly instead.
            broker.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        }
        broker.brokerProperty("message.max.bytes", "2097152");
        // Kafka's default is 50 partitions for consumer offsets, each with its files, created when the
        // first consumer joins; the trial run has one consumer group.
        broker.brokerProperty("offsets.topic.num.partitions", "1");
        // By default the broker writes its address into the JVM-wide spring.kafka.bootstrap-servers
        // system property, which would outrank the configuration of anything else in the JVM.
        broker.brokerListProperty("billing.kafka.embedded.brokers");
        broker.afterPropertiesSet();
        log.info("No Kafka configured (BILLING_KAFKA_BOOTSTRAP): running an in-process KRaft broker at {}. "
                + "Set BILLING_KAFKA_BOOTSTRAP to use a real cluster.", broker.getBrokersAsString());
        return broker;
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
