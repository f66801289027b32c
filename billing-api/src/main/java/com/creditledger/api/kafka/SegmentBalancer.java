package com.creditledger.api.kafka;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.common.transaction.TransactionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the event processors' segments over the running instances. Each instance runs a
 * thread per segment, so whichever starts first claims them all and the others stand by; every
 * so often each instance gives back what it holds beyond its fair share, and a standing-by
 * instance claims it. How many instances run is read from the command consumer group (its
 * members divided by each instance's consumers), an engine that already tracks who is alive: a
 * peer that dies leaves the group, the shares grow, and its segments, once their claims lapse,
 * are claimed by whoever has a thread free.
 */
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /** Long enough for a standing-by instance to claim a segment given back, short enough to take it back if none does. */
    private static final long RELEASE_SECONDS = 30;

    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final BrokerAdmin admin;
    private final String group;
    private final int consumersPerInstance;

    SegmentBalancer(EventProcessingConfiguration processing, TokenStore tokens, TransactionManager transactions, BrokerAdmin admin,
                    String group, int consumersPerInstance) {
        this.processing = processing;
        this.tokens = tokens;
        this.transactions = transactions;
        this.admin = admin;
        this.group = group;
        this.consumersPerInstance = consumersPerInstance;
    }

    @Scheduled(initialDelayString = "${billing.projections.balance-interval:10s}", fixedDelayString = "${billing.projections.balance-interval:10s}")
    void balance() {
        int instances;
        try {
            ConsumerGroupDescription description = admin.client().describeConsumerGroups(List.of(group)).all().get(5, TimeUnit.SECONDS).get(group);
            instances = Math.max(1, (description.members().size() + consumersPerInstance - 1) / consumersPerInstance);
        } catch (Exception e) {
            log.debug("Cannot tell how many instances run ({}); segments stay where they are", e.toString());
            return;
        }
        for (EventProcessor candidate : processing.eventProcessors().values()) {
            if (candidate instanceof StreamingEventProcessor processor) {
                giveBackExtras(processor, instances);
            }
        }
    }

    private void giveBackExtras(StreamingEventProcessor processor, int instances) {
        int segments = transactions.fetchInTransaction(() -> tokens.fetchSegments(processor.getName())).length;
        int share = (segments + instances - 1) / instances;
        Map<Integer, ?> held = processor.processingStatus();
        int extra = held.size() - share;
        for (Integer segment : held.keySet().stream().sorted((a, b) -> b - a).limit(Math.max(0, extra)).toList()) {
            log.info("Giving back segment {} of {}: this instance holds {} of {} segments, its share with {} instances is {}",
                    segment, processor.getName(), held.size(), segments, instances, share);
            processor.releaseSegment(segment, RELEASE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
