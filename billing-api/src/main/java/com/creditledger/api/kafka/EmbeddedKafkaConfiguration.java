package com.creditledger.api.kafka;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.List;

/**
 * With no Kafka configured ({@code BILLING_KAFKA_BOOTSTRAP}), the service runs a single-node
 * KRaft broker in process so that commands can be produced at once. Its log is temporary: it
 * is for trying the service out, not for keeping messages. Started by {@link EarlyBrokerStart}
 * when the service is run from its jar, or else here.
 */
@Configuration
@ConditionalOnExpression(EmbeddedKafkaConfiguration.IN_PROCESS)
public class EmbeddedKafkaConfiguration {

    static final String IN_PROCESS = "${billing.kafka.enabled:true} and '${billing.kafka.bootstrap:}'.isBlank()";

    @Bean(destroyMethod = "destroy")
    EmbeddedKafkaKraftBroker embeddedKafka(KafkaSettings settings, ObjectProvider<EarlyBrokerStart.Starting> early) {
        EarlyBrokerStart.Starting starting = early.getIfAvailable();
        return starting != null ? starting.broker().join() : InProcessBroker.start(settings.partitions(), settings.embeddedPort());
    }

    @Bean
    KafkaConnectionDetails kafkaConnectionDetails(EmbeddedKafkaKraftBroker broker) {
        List<String> servers = List.of(broker.getBrokersAsString().split(","));
        return () -> servers;
    }
}
