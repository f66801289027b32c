package com.creditledger.api.audit;

import com.creditledger.account.AccountEvent;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Map;

/**
 * Links every new event into its account's hash chain. It runs in a subscribing processor,
 * that is inside the transaction that stores the event: an event is never stored without
 * its hash. The hash covers the payload as the event serializer writes it to the store.
 */
@Component
@ProcessingGroup(EventChainRecorder.PROCESSING_GROUP)
public class EventChainRecorder {

    public static final String PROCESSING_GROUP = "event-chain";
    private static final String HEADS = EventChainRecorder.class.getName() + ".heads";

    private final JdbcClient jdbc;
    private final Serializer eventSerializer;

    public EventChainRecorder(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
    }

    @EventHandler
    void on(AccountEvent event, DomainEventMessage<?> message) {
        String account = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        Map<String, String> heads = heads();
        String previous = sequence == 0 ? EventChain.GENESIS : heads.computeIfAbsent(account, id -> storedHash(id, sequence - 1));
        String hash = EventChain.link(previous, sequence, message.getIdentifier(),
                message.getPayloadType().getName(), DateTimeUtils.formatInstant(message.getTimestamp()),
                message.serializePayload(eventSerializer, byte[].class).getData());
        jdbc.sql("insert into event_hash (aggregate_identifier, sequence_number, event_identifier, hash) values (:a, :s, :e, :h)")
                .param("a", account).param("s", sequence).param("e", message.getIdentifier()).param("h", hash)
                .update();
        heads.put(account, hash);
    }

    /** The chain heads of the accounts this unit of work (a whole Kafka batch, perhaps) has touched. */
    private static Map<String, String> heads() {
        return CurrentUnitOfWork.isStarted()
                ? CurrentUnitOfWork.get().root().getOrComputeResource(HEADS, key -> new HashMap<>())
                : new HashMap<>();
    }

    private String storedHash(String account, long sequence) {
        return jdbc.sql("select hash from event_hash where aggregate_identifier = :a and sequence_number = :s")
                .param("a", account).param("s", sequence)
                .query(String.class).optional()
                .orElseThrow(() -> new IllegalStateException("no hash for event " + sequence + " of account " + account
                        + ": the chain cannot be extended"));
    }
}
