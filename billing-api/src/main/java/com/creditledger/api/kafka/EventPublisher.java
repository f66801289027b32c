package com.creditledger.api.kafka;

import com.creditledger.account.AccountEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes every stored event to {@code billing.events}, keyed by account, from a tracking
 * processor: only what was stored is published, and while Kafka is unreachable the processor
 * retries the same events and its token stays where it was, so nothing is lost. Delivery is at
 * least once; consumers recognise repeats by account id and sequence number.
 */
@Component
@ProcessingGroup(EventPublisher.PROCESSING_GROUP)
@ConditionalOnProperty(name = "billing.kafka.enabled", matchIfMissing = true)
public class EventPublisher {

    public static final String PROCESSING_GROUP = "kafka-events";
    private static final String PENDING = EventPublisher.class.getName() + ".pending";

    /** The record of {@code billing.events}. */
    record PublishedEvent(String eventId, String type, String accountId, long sequenceNumber, long globalPosition,
                          Instant timestamp, AccountEvent payload) {
    }

    private final KafkaTemplate<String, byte[]> kafka;
    /** Bound to the record type once, so that no event looks its serializer up again. */
    private final ObjectWriter json;
    private final KafkaSettings settings;

    public EventPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper json, KafkaSettings settings) {
        this.kafka = kafka;
        this.json = json.writerFor(PublishedEvent.class);
        this.settings = settings;
    }

    @EventHandler
    void on(AccountEvent event, DomainEventMessage<?> message, TrackingToken token) throws JsonProcessingException {
        PublishedEvent published = new PublishedEvent(message.getIdentifier(), event.getClass().getSimpleName(), event.accountId(),
                message.getSequenceNumber(), token.position().orElse(-1), message.getTimestamp(), event);
        CompletableFuture<?> sent = kafka.send(settings.topics().events(), event.accountId(), json.writeValueAsBytes(published));
        pendingSends().add(sent);
    }

    /** Sends of one processor batch go out together; the batch commits (and its token moves) once Kafka has them all. */
    private List<CompletableFuture<?>> pendingSends() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING, key -> {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            batch.onPrepareCommit(u -> KafkaSends.awaitAll(pending, "events", "they will be retried"));
            return pending;
        });
    }
}
