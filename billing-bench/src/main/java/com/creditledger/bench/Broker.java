package com.creditledger.bench;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.OptionalLong;

/** The single-node KRaft broker the service and the harness talk to. */
interface Broker extends AutoCloseable {

    String bootstrap();

    /** The broker's own process, whose CPU is measured; empty when it runs in this JVM. */
    OptionalLong pid();

    @Override
    void close();

    /** A broker in this JVM (the old way, {@code --broker in-process}): its CPU is counted as the service's. */
    static Broker inProcess() {
        EmbeddedKafkaKraftBroker kafka = KafkaBrokerMain.broker();
        kafka.afterPropertiesSet();
        return new Broker() {
            @Override
            public String bootstrap() {
                return kafka.getBrokersAsString();
            }

            @Override
            public OptionalLong pid() {
                return OptionalLong.empty();
            }

            @Override
            public void close() {
                kafka.destroy();
            }
        };
    }
}
