package com.creditledger.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The service's consumer group on the commands topic, as the broker sees it. Its admin client
 * is named {@code harness-admin}, so its thread counts as the harness's.
 */
final class ConsumerGroup implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private final Admin admin;
    private final String group;
    private final String topic;

    ConsumerGroup(String bootstrap, String group, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "harness-admin"));
        this.group = group;
        this.topic = topic;
    }

    /**
     * Waits until the group is stable with {@code members} members that hold every partition of
     * the topic between them; returns each member's partitions, by member id, so that a later
     * reading can tell whether anything moved in between.
     */
    Map<String, Set<Integer>> awaitStable(int members) {
        int partitions = get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            ConsumerGroupDescription description = get(admin.describeConsumerGroups(List.of(group)).all()).get(group);
            Map<String, Set<Integer>> assignment = new TreeMap<>();
            Set<Integer> assigned = new TreeSet<>();
            for (MemberDescription member : description.members()) {
                Set<Integer> held = new TreeSet<>();
                for (TopicPartition partition : member.assignment().topicPartitions()) {
                    if (partition.topic().equals(topic)) {
                        held.add(partition.partition());
                    }
                }
                assignment.put(member.consumerId(), held);
                assigned.addAll(held);
            }
            if (description.state() == ConsumerGroupState.STABLE && assignment.size() == members && assigned.size() == partitions) {
                return assignment;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("group " + group + " was not stable with " + members + " members holding the " + partitions
                        + " partitions of " + topic + " within " + TIMEOUT + ": " + description.state() + ", " + assignment);
            }
            sleep();
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(10));
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not describe the group or topic", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
