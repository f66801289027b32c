package com.creditledger.api.store;

import com.creditledger.account.CreditAccount;
import com.creditledger.account.upcasting.AccountUpcasters;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventsourcing.snapshotting.RevisionSnapshotFilter;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.Revision;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

/**
 * Axon's event store on PostgreSQL through JDBC, declared here rather than left to
 * auto-configuration, so that nothing on the classpath can quietly move it to JPA.
 */
@Configuration
public class EventStoreConfiguration {

    @Bean
    EventSchema eventSchema() {
        return schema();
    }

    /** The snake_case names of the Flyway migration V1. */
    public static EventSchema schema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry").snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index").timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier").aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number").typeColumn("type").payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision").payloadColumn("payload").metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry").setProcessorNameColumn("processor_name").setSegmentColumn("segment")
                .setTokenColumn("token").setTokenTypeColumn("token_type").setTimestampColumn("timestamp")
                .setOwnerColumn("owner")
                .build();
    }

    /**
     * Axon's default claim owner is the JVM's name (pid@host), which two instances in one JVM, or
     * two containers that happen to share pid and host name, would share: each would take the
     * other's claims for its own and process the same segments. A random suffix makes every
     * instance an owner of its own.
     */
    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, TokenSchema tokenSchema,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return JdbcTokenStore.builder().connectionProvider(connectionProvider).serializer(serializer).schema(tokenSchema)
                .claimTimeout(claimTimeout)
                .nodeId(ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8))
                .build();
    }

    /**
     * PostgreSQL reports a duplicate key as SQL state 23505, not as the exception type Axon's
     * default resolver looks for; without this, two writers of one account would fail with a
     * storage error instead of a concurrency conflict.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return new SQLStateResolver("23505");
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          EventSchema eventSchema,
                                          @Value("${billing.event-store.batch-size:1000}") int batchSize,
                                          @Value("${billing.event-store.gap-timeout-ms:60000}") int gapTimeout) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .snapshotFilter(snapshotFilter())
                .eventSerializer(eventSerializer)
                .upcasterChain(AccountUpcasters.chain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(eventSchema)
                .dataType(byte[].class)
                .batchSize(batchSize)
                .gapTimeout(gapTimeout)
                .build();
    }

    /**
     * Only snapshots of the account's current revision are read: an older one (before revision 1
     * the alert thresholds were beside the state, not in it) would load without them, so it is
     * skipped and the account is folded from its events instead, and snapshotted again.
     */
    public static SnapshotFilter snapshotFilter() {
        return RevisionSnapshotFilter.builder()
                .type(CreditAccount.class.getSimpleName())
                .revision(CreditAccount.class.getAnnotation(Revision.class).value())
                .build();
    }

    /**
     * A handler that fails must never be skipped: Axon's default only logs the failure and moves
     * on, which would leave an event without its hash or a projection without its row. With
     * this, the hash chain fails the storing transaction, and a projection retries the event.
     */
    @Bean
    ConfigurerModule failuresPropagate() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    /**
     * The mapper Axon serializes events, snapshots and tokens with: its own, so that the strict
     * settings of the HTTP and Kafka input never make an old stored event unreadable.
     */
    @Bean
    ObjectMapper defaultAxonObjectMapper() {
        return axonObjectMapper();
    }

    public static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
