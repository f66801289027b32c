package com.creditledger.api.audit;

import com.creditledger.account.AccountEvent;
import com.creditledger.unitofwork.BeforeCommit;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /** The last hash of an account's chain, at its sequence number. */
    private record Head(long sequence, String hash) {
    }

    private static final String LINKS = EventChainRecorder.class.getName() + ".links";
    private static final String INSERT = "insert into event_hash (aggregate_identifier, sequence_number, event_identifier, hash) "
            + "values (:a, :s, :e, :h)";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final Serializer eventSerializer;
    /**
     * Chain heads of committed transactions, so that extending a chain usually costs no query.
     * Only committed heads get here; a head is used only if it is exactly the previous event.
     */
    private final Cache<String, Head> committed = Caffeine.newBuilder().maximumSize(100_000).build();

    public EventChainRecorder(JdbcClient jdbc, NamedParameterJdbcTemplate named,
                              @Qualifier("eventSerializer") Serializer eventSerializer) {
        this.jdbc = jdbc;
        this.named = named;
        this.eventSerializer = eventSerializer;
    }

    @EventHandler
    void on(AccountEvent event, DomainEventMessage<?> message) {
        String account = message.getAggregateIdentifier();
        long sequence = message.getSequenceNumber();
        Map<String, Head> heads = heads();
        String previous = sequence == 0 ? EventChain.GENESIS : previousHash(heads, account, sequence);
        String hash = EventChain.link(previous, sequence, message.getIdentifier(),
                message.getPayloadType().getName(), DateTimeUtils.formatInstant(message.getTimestamp()),
                message.serializePayload(eventSerializer, byte[].class).getData());
        Map<String, Object> link = Map.of("a", account, "s", sequence, "e", message.getIdentifier(), "h", hash);
        if (!CurrentUnitOfWork.isStarted()) {
            named.update(INSERT, link);
        } else {
            // read back from the heads, never from the table, until the transaction commits: so it may wait for the commit
            BeforeCommit.<List<Map<String, Object>>>resource(LINKS, ArrayList::new, this::insert).add(link);
        }
        heads.put(account, new Head(sequence, hash));
    }

    @SuppressWarnings("unchecked")
    private void insert(List<Map<String, Object>> links) {
        if (!links.isEmpty()) {
            named.batchUpdate(INSERT, links.toArray(new Map[0]));
        }
    }

    private String previousHash(Map<String, Head> heads, String account, long sequence) {
        Head head = heads.get(account);
        if (head == null || head.sequence() != sequence - 1) {
            head = committed.getIfPresent(account);
        }
        return head != null && head.sequence() == sequence - 1 ? head.hash() : storedHash(account, sequence - 1);
    }

    /**
     * The chain heads of the accounts this unit of work (a whole Kafka batch, perhaps) has
     * touched; they become known to later transactions only once this one has committed.
     */
    private Map<String, Head> heads() {
        if (!CurrentUnitOfWork.isStarted()) {
            return new HashMap<>();
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(HEADS, key -> {
            Map<String, Head> heads = new HashMap<>();
            root.afterCommit(u -> committed.putAll(heads));
            return heads;
        });
    }

    private String storedHash(String account, long sequence) {
        return jdbc.sql("select hash from event_hash where aggregate_identifier = :a and sequence_number = :s")
                .param("a", account).param("s", sequence)
                .query(String.class).optional()
                .orElseThrow(() -> new IllegalStateException("no hash for event " + sequence + " of account " + account
                        + ": the chain cannot be extended"));
    }
}
