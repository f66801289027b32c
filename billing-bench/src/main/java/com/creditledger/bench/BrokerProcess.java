package com.creditledger.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * The broker in a JVM of its own, as in production, so that its CPU can be told from the
 * service's: {@link KafkaBrokerMain} in a {@link ChildJvm}, its output prefixed {@code [broker]}.
 */
final class BrokerProcess implements Broker {

    private final ChildJvm jvm;

    private BrokerProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    static BrokerProcess start() {
        ChildJvm jvm = ChildJvm.start("broker", KafkaBrokerMain.class, List.of(), KafkaBrokerMain.READY);
        System.err.printf("broker: own process %d at %s%n", jvm.pid(), jvm.ready());
        return new BrokerProcess(jvm);
    }

    @Override
    public String bootstrap() {
        return jvm.ready();
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(jvm.pid());
    }

    @Override
    public void close() {
        jvm.close();
    }
}
