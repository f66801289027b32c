package com.creditledger.api.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * When partitions of the commands topic are assigned (a start, a rebalance, a new consumer
 * group), each starts right after what PostgreSQL says was decided, whatever the group's
 * committed offset says, and the answers of its latest decision are sent again: the consumer
 * that decided it may have stopped before Kafka had them. Consumers of the results topic may
 * therefore see an answer twice, never two different answers.
 */
class CommandPartitions implements ConsumerAwareRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(CommandPartitions.class);

    private final DecidedRecords decided;
    private final TopicIds topicIds;
    private final AnswerPublisher publisher;

    CommandPartitions(DecidedRecords decided, TopicIds topicIds, AnswerPublisher publisher) {
        this.decided = decided;
        this.topicIds = topicIds;
        this.publisher = publisher;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<String, List<TopicPartition>> byTopic = partitions.stream().collect(Collectors.groupingBy(TopicPartition::topic));
        for (Map.Entry<String, List<TopicPartition>> topic : byTopic.entrySet()) {
            String topicId = topicIds.refresh(topic.getKey());
            Map<Integer, Long> next = decided.nextOffsets(topicId, topic.getValue().stream().map(TopicPartition::partition).toList());
            for (TopicPartition partition : topic.getValue()) {
                Long decidedUpTo = next.get(partition.partition());
                if (decidedUpTo == null) {
                    continue;
                }
                consumer.seek(partition, decidedUpTo);
                List<Answer> latest = decided.latestAnswers(topicId, partition.partition());
                publisher.publish(latest);
                log.info("Partition {} assigned: decided up to offset {}, resuming there; {} answers of its latest decision sent again",
                        partition, decidedUpTo, latest.size());
            }
        }
    }
}
