package com.creditledger.api.support;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;

/**
 * One real Kafka broker (KRaft, in process, from spring-kafka-test) for the whole test JVM,
 * started before any application context so that its address is known when the context's
 * conditions are evaluated.
 */
public final class TestKafka {

    private static final String SPRING_SHUTDOWN_HOOK = "SpringApplicationShutdownHook";
    private static final Duration HOOK_STARTS = Duration.ofSeconds(1);
    private static final Duration CONTEXTS_CLOSE = Duration.ofSeconds(20);
    private static String bootstrap;

    private TestKafka() {
    }

    public static synchronized String bootstrap() {
        if (bootstrap == null) {
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
            broker.brokerProperty("message.max.bytes", "2097152");
            broker.brokerListProperty("billing.kafka.test.brokers");
            broker.afterPropertiesSet();
            // The test JVM's contexts close in Spring Boot's shutdown hook, at the same time as this
            // one: a broker gone first left their clients retrying for 30 s, past the time Surefire
            // gives a JVM to exit after its tests. It goes once they are closed.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitContextsClosed();
                broker.destroy();
            }));
            bootstrap = broker.getBrokersAsString();
        }
        return bootstrap;
    }

    /** The JVM starts its shutdown hooks together, in no order: Spring's may need a moment to show up. */
    private static void awaitContextsClosed() {
        try {
            long appears = System.nanoTime() + HOOK_STARTS.toNanos();
            while (System.nanoTime() < appears) {
                for (Thread thread : Thread.getAllStackTraces().keySet()) {
                    if (thread.getName().equals(SPRING_SHUTDOWN_HOOK)) {
                        thread.join(CONTEXTS_CLOSE.toMillis());
                        return;
                    }
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
