package com.creditledger.api.kafka;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.util.concurrent.CompletableFuture;

/**
 * Starts the trial run's in-process broker on a thread of its own before the application context
 * is built, so that its seconds of work overlap the context's instead of following them
 * (2 cores: the context is built on one thread). {@link EmbeddedKafkaConfiguration} then waits for
 * it. Added by the jar's main method; without it (tests that build their own contexts) that
 * configuration starts the broker itself.
 */
public final class EarlyBrokerStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The broker being started, as a bean. */
    record Starting(CompletableFuture<InProcessBroker> broker) {
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment environment = context.getEnvironment();
        boolean inProcess = environment.getProperty("billing.kafka.enabled", Boolean.class, true)
                && environment.getProperty("billing.kafka.bootstrap", "").isBlank();
        if (inProcess) {
            int partitions = environment.getRequiredProperty("billing.kafka.partitions", Integer.class);
            int port = environment.getRequiredProperty("billing.kafka.embedded-port", Integer.class);
            CompletableFuture<InProcessBroker> broker = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    broker.complete(InProcessBroker.start(partitions, port));
                } catch (RuntimeException | Error e) {
                    broker.completeExceptionally(e);
                }
            }, "kafka-broker-start");
            starter.setDaemon(true);
            starter.start();
            context.getBeanFactory().registerSingleton("earlyBrokerStart", new Starting(broker));
        }
    }
}
