package com.creditledger.bench;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.io.InputStream;

/**
 * The broker's own JVM, started by {@link BrokerProcess}: runs the KRaft broker, prints
 * {@code bootstrap=<address>} once it is ready, and stops when its standard input ends (the
 * harness closes it, or the harness died) or on SIGTERM.
 */
public final class KafkaBrokerMain {

    static final String READY = "bootstrap=";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedKafkaKraftBroker broker = broker();
        broker.afterPropertiesSet();
        Thread onSigterm = new Thread(broker::destroy, "broker-shutdown");
        Runtime.getRuntime().addShutdownHook(onSigterm);
        System.out.println(READY + broker.getBrokersAsString());
        System.out.flush();
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing is sent: the end of the stream is the signal
            }
        }
        // Stopped before exiting: Kafka's own shutdown hook deletes the log directories, and would
        // race a broker still stopping in a hook of ours (SIGTERM still takes that path).
        Runtime.getRuntime().removeShutdownHook(onSigterm);
        broker.destroy();
        System.exit(0);
    }

    /** The broker as the service's tests and trial mode run it: one node, messages up to 2 MB. */
    static EmbeddedKafkaKraftBroker broker() {
        // Until Spring Boot starts (if ever, in this JVM) nothing configures logback, which would log
        // the broker at DEBUG: WARN, as the service's root logger, so its CPU is the broker's, not its logging's.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        broker.brokerProperty("message.max.bytes", "2097152");
        // Not the JVM-wide spring.kafka.bootstrap-servers, which would outrank the service's configuration.
        broker.brokerListProperty("billing.bench.brokers");
        return broker;
    }
}
