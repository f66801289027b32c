package com.creditledger.api.support;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import java.util.ArrayList;
import java.util.List;

/**
 * Closes the test JVM's cached application contexts once the last test has run, while the shared
 * broker and database are still there. Left to the JVM's shutdown hooks, which all start at once,
 * they closed while Kafka's own hook deleted the broker's log directory and ours dropped the
 * databases: each context leaving the shared consumer group set the other context's consumers
 * rebalancing, their onPartitionsAssigned then waited on the gone broker (a topic lookup, 30 s),
 * stopping them waited on that, and Surefire killed the JVM 30 s after System.exit.
 * JUnit closes resources of the root store when the engine is done, before Surefire's exit.
 */
public final class ContextsClosedAfterLastTest implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) {
        ApplicationContext application;
        try {
            application = SpringExtension.getApplicationContext(context);
        } catch (RuntimeException failedToLoad) {
            return;
        }
        context.getRoot().getStore(ExtensionContext.Namespace.create(ContextsClosedAfterLastTest.class))
                .getOrComputeIfAbsent(Contexts.class, key -> new Contexts(), Contexts.class)
                .add((ConfigurableApplicationContext) application);
    }

    private static final class Contexts implements ExtensionContext.Store.CloseableResource {

        private final List<ConfigurableApplicationContext> open = new ArrayList<>();

        synchronized void add(ConfigurableApplicationContext context) {
            if (open.stream().noneMatch(known -> known == context)) {
                open.add(context);
            }
        }

        @Override
        public synchronized void close() {
            open.forEach(ConfigurableApplicationContext::close);
        }
    }
}
