package com.creditledger.api.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far each partition of the commands topic has been decided, and what its records were
 * answered (tables {@code command_partition} and {@code command_answer}). Written in the
 * transaction that decides the commands, so PostgreSQL, not the consumer group's offsets, says
 * which records have been decided: a record below a partition's next offset is never decided
 * again, only answered again.
 */
class DecidedRecords {

    /** Another consumer (a zombie after a rebalance, or a second consumer group) decided these records first. */
    static final class AlreadyDecidedException extends RuntimeException {
        AlreadyDecidedException(String topic, int partition) {
            super("partition " + topic + "-" + partition + " was decided further by another consumer meanwhile; "
                    + "its records will be answered from what that consumer stored");
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DecidedRecords.class);

    private final JdbcClient jdbc;
    private final Duration answersRetention;

    DecidedRecords(JdbcClient jdbc, Duration answersRetention) {
        this.jdbc = jdbc;
        this.answersRetention = answersRetention;
    }

    /** The next undecided offset per partition (absent: none decided yet). */
    Map<Integer, Long> nextOffsets(String topicId, Collection<Integer> partitions) {
        return read("select partition, next_offset from command_partition where topic_id = :topic and partition in (:partitions)",
                topicId, partitions);
    }

    /**
     * The same, locking the partitions' rows until the transaction ends, in partition order: a
     * second consumer of the same partitions waits here and then sees how far the first got.
     */
    Map<Integer, Long> lockNextOffsets(String topicId, Collection<Integer> partitions) {
        return read("select partition, next_offset from command_partition where topic_id = :topic and partition in (:partitions) "
                + "order by partition for update", topicId, partitions);
    }

    private Map<Integer, Long> read(String sql, String topicId, Collection<Integer> partitions) {
        Map<Integer, Long> next = new HashMap<>();
        jdbc.sql(sql).param("topic", topicId).param("partitions", partitions)
                .query(rs -> {
                    next.put(rs.getInt("partition"), rs.getLong("next_offset"));
                });
        return next;
    }

    /**
     * Records that {@code answers} decide the records {@code [firstOffset, nextOffset)} of a
     * partition that was decided up to {@code expectedNext} (null: never). Throws
     * {@link AlreadyDecidedException}, which rolls the transaction back, if that is no longer so.
     */
    void record(String topicId, String topic, int partition, Long expectedNext, long firstOffset, long nextOffset, List<Answer> answers) {
        int moved = jdbc.sql("""
                        insert into command_partition (topic_id, partition, topic, next_offset, decided_at)
                        values (:topicId, :partition, :topic, :next, now())
                        on conflict (topic_id, partition) do update set next_offset = excluded.next_offset, decided_at = excluded.decided_at
                        where command_partition.next_offset = cast(:expected as bigint)""")
                .param("topicId", topicId).param("partition", partition).param("topic", topic)
                .param("next", nextOffset).param("expected", expectedNext)
                .update();
        if (moved != 1) {
            throw new AlreadyDecidedException(topic, partition);
        }
        jdbc.sql("""
                        insert into command_answer (topic_id, partition, first_offset, next_offset, answers, decided_at)
                        values (:topicId, :partition, :first, :next, :answers, now())""")
                .param("topicId", topicId).param("partition", partition)
                .param("first", firstOffset).param("next", nextOffset).param("answers", Answer.encode(answers))
                .update();
    }

    /** The stored answers of the records {@code [fromOffset, toOffset]} of a partition, in offset order. */
    List<Answer> answersOf(String topicId, int partition, long fromOffset, long toOffset) {
        List<Answer> answers = new ArrayList<>();
        jdbc.sql("""
                        select answers from command_answer
                        where topic_id = :topicId and partition = :partition and first_offset <= :to and next_offset > :from
                        order by first_offset""")
                .param("topicId", topicId).param("partition", partition).param("from", fromOffset).param("to", toOffset)
                .query(rs -> {
                    for (Answer answer : Answer.decode(rs.getBytes("answers"))) {
                        if (answer.sourceOffset() >= fromOffset && answer.sourceOffset() <= toOffset) {
                            answers.add(answer);
                        }
                    }
                });
        return answers;
    }

    /**
     * The answers of a partition's latest decision. Results are sent and acknowledged before a
     * consumer polls again, so only the latest decision's answers can have missed Kafka.
     */
    List<Answer> latestAnswers(String topicId, int partition) {
        return jdbc.sql("""
                        select answers from command_answer where topic_id = :topicId and partition = :partition
                        order by first_offset desc limit 1""")
                .param("topicId", topicId).param("partition", partition)
                .query((rs, row) -> Answer.decode(rs.getBytes("answers")))
                .optional().orElse(List.of());
    }

    /**
     * Forgets answers decided longer than {@code billing.kafka.answers-retention} ago, but never a
     * partition's latest (it is what an assignment sends again). Every instance does it; the
     * deletes are the same.
     */
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void forgetOldAnswers() {
        int forgotten = jdbc.sql("""
                        delete from command_answer old
                        where decided_at < now() - cast(:retention as interval)
                          and exists (select 1 from command_answer newer
                                      where newer.topic_id = old.topic_id and newer.partition = old.partition
                                        and newer.first_offset > old.first_offset)""")
                .param("retention", answersRetention.toSeconds() + " seconds")
                .update();
        if (forgotten > 0) {
            log.info("Forgot the answers of {} decided command batches older than {}", forgotten, answersRetention);
        }
    }
}
