package com.creditledger.api.kafka;

import org.springframework.kafka.core.KafkaAdmin;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka's own id of a topic. Decided offsets are kept per topic id, not name: a topic deleted
 * and created again (or the trial run's fresh in-process broker) restarts its offsets at zero,
 * and must not be mistaken for the records decided before.
 */
class TopicIds {

    private final KafkaAdmin admin;
    private final Map<String, String> ids = new ConcurrentHashMap<>();

    TopicIds(KafkaAdmin admin) {
        this.admin = admin;
    }

    String idOf(String topic) {
        return ids.computeIfAbsent(topic, this::describe);
    }

    /** Looks the id up again: called when partitions are assigned, the moment a topic may have been replaced. */
    String refresh(String topic) {
        String id = describe(topic);
        ids.put(topic, id);
        return id;
    }

    private String describe(String topic) {
        return admin.describeTopics(topic).get(topic).topicId().toString();
    }
}
