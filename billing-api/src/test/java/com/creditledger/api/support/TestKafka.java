package com.creditledger.api.support;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;

/**
 * One real Kafka broker (KRaft, in process, from spring-kafka-test) for the whole test JVM,
 * started before any application context so that its address is known when the context's
 * conditions are evaluated.
 */
public final class TestKafka {

    private static final Duration CONTEXTS_CLOSE = Duration.ofSeconds(5);
    private static String bootstrap;

    private TestKafka() {
    }

    public static synchronized String bootstrap() {
        if (bootstrap == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
            broker.brokerProperty("message.max.bytes", "2097152");
            broker.brokerListProperty("billing.kafka.test.brokers");
            broker.afterPropertiesSet();
            // The contexts of the test JVM close in shutdown hooks of their own, at the same time as
            // this one: a broker gone first left their producers retrying for 30 s, past the time
            // Surefire gives a JVM to exit after its tests. Let them close first.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(CONTEXTS_CLOSE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                broker.destroy();
            }));
            bootstrap = broker.getBrokersAsString();
        }
        return bootstrap;
    }
}
