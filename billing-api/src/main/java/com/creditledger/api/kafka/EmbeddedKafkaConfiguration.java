package com.creditledger.api.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.kafka.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.List;

/**
 * With no Kafka configured ({@code BILLING_KAFKA_BOOTSTRAP}), the service runs a single-node
 * KRaft broker in process so that commands can be produced at once. Its log is temporary: it
 * is for trying the service out, not for keeping messages.
 */
@Configuration
@ConditionalOnExpression("${billing.kafka.enabled:true} and '${billing.kafka.bootstrap:}'.isBlank()")
public class EmbeddedKafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaConfiguration.class);

    @Bean(destroyMethod = "destroy")
    EmbeddedKafkaKraftBroker embeddedKafka(KafkaSettings settings) {
        EmbeddedKafkaKraftBroker broker = new InProcessBroker(settings.partitions());
        if (settings.embeddedPort() > 0) {
            // The KRaft test broker ignores kafkaPorts(); its listeners can be named directly instead.
            broker.brokerProperty("listeners", "EXTERNAL://localhost:" + settings.embeddedPort() + ",CONTROLLER://localhost:0");
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

    @Bean
    KafkaConnectionDetails kafkaConnectionDetails(EmbeddedKafkaKraftBroker broker) {
        List<String> servers = List.of(broker.getBrokersAsString().split(","));
        return () -> servers;
    }
}
