package com.creditledger.api.kafka;

import com.creditledger.account.Accounts;
import com.creditledger.api.account.JdbcRequestHistory;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The commands topic in, results, dead letters and events out. An account id is the record
 * key, so one account's commands stay in one partition, in order, handled by one consumer
 * thread: batches of different threads never share an account, and never wait on each other.
 */
@Configuration
@EnableConfigurationProperties(KafkaSettings.class)
@ConditionalOnProperty(name = "billing.kafka.enabled", matchIfMissing = true)
public class KafkaConfiguration {

    static final String MAX_MESSAGE_BYTES = "2097152";

    @Bean
    KafkaAdmin.NewTopics billingTopics(KafkaSettings settings) {
        return new KafkaAdmin.NewTopics(
                topic(settings.topics().commands(), settings),
                topic(settings.topics().results(), settings),
                topic(settings.topics().deadLetters(), settings),
                topic(settings.topics().events(), settings));
    }

    private static NewTopic topic(String name, KafkaSettings settings) {
        return TopicBuilder.name(name).partitions(settings.partitions()).replicas(1)
                .config("max.message.bytes", MAX_MESSAGE_BYTES).build();
    }

    @Bean
    CommandBatches commandBatches(Accounts accounts, TransactionManager transactionManager, JdbcRequestHistory requests) {
        return new CommandBatches(accounts, transactionManager, requests);
    }

    @Bean
    DecidedRecords decidedRecords(JdbcClient jdbc, KafkaSettings settings) {
        return new DecidedRecords(jdbc, settings.answersRetention());
    }

    @Bean
    TopicIds topicIds(KafkaAdmin admin) {
        return new TopicIds(admin);
    }

    @Bean
    BrokerAdmin brokerAdmin(KafkaAdmin admin) {
        return new BrokerAdmin(Admin.create(admin.getConfigurationProperties()));
    }

    @Bean
    SegmentBalancer segmentBalancer(EventProcessingConfiguration processing, TokenStore tokens, TransactionManager transactions,
                                    BrokerAdmin admin, @Value("${spring.kafka.consumer.group-id}") String group, KafkaSettings settings) {
        return new SegmentBalancer(processing, tokens, transactions, admin, group, settings.consumers());
    }

    @Bean
    AnswerPublisher answerPublisher(KafkaTemplate<String, byte[]> kafka) {
        return new AnswerPublisher(kafka);
    }

    @Bean
    CommandConsumer commandConsumer(CommandBatches batches, DecidedRecords decided, TopicIds topicIds, AnswerPublisher publisher,
                                    ObjectMapper json, KafkaSettings settings, MeterRegistry meters) {
        CommandDecisions decisions = new CommandDecisions(new CommandRecordReader(json), decided, json, settings);
        return new CommandConsumer(decisions, batches, topicIds, publisher, meters);
    }

    /**
     * Offsets are committed after each batch's listener returns, that is after its effects are
     * in PostgreSQL and its answers in Kafka; but where a partition resumes is what PostgreSQL
     * says ({@link CommandPartitions}). A failure (PostgreSQL or Kafka unreachable) is retried
     * with backoff, for as long as it takes: no record is skipped.
     */
    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> commandListener(ConsumerFactory<byte[], byte[]> consumers,
                                                                       CommandConsumer consumer, DecidedRecords decided,
                                                                       TopicIds topicIds, AnswerPublisher publisher,
                                                                       KafkaSettings settings) {
        ContainerProperties properties = new ContainerProperties(settings.topics().commands());
        properties.setAckMode(ContainerProperties.AckMode.BATCH);
        // PostgreSQL, not the group's offsets, says what was decided: a commit that is lost only
        // means records are delivered again and answered from the database, so it need not block.
        properties.setSyncCommits(false);
        properties.setMessageListener((BatchMessageListener<byte[], byte[]>) consumer::onBatch);
        properties.setConsumerRebalanceListener(new CommandPartitions(decided, topicIds, publisher));
        ConcurrentMessageListenerContainer<byte[], byte[]> container = new ConcurrentMessageListenerContainer<>(consumers, properties);
        container.setConcurrency(settings.consumers());
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(10_000);
        container.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return container;
    }
}
