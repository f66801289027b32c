package com.creditledger.api.support;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft, in process, from spring-kafka-test) for the whole test JVM,
 * started before any application context so that its address is known when the context's
 * conditions are evaluated.
 */
public final class TestKafka {

    private static String bootstrap;

    private TestKafka() {
    }

    public static synchronized String bootstrap() {
        if (bootstrap == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
            broker.brokerProperty("message.max.bytes", "2097152");
            broker.brokerListProperty("billing.kafka.test.brokers");
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
            bootstrap = broker.getBrokersAsString();
        }
        return bootstrap;
    }
}
