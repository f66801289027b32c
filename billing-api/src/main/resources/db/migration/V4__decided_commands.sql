-- Exactly once per record of the commands topic. A poll batch records, in the transaction that
-- decides its commands, how far each partition has been decided and what every record was
-- answered; Kafka's committed offsets are only a hint. A topic is known by its id, so a topic
-- deleted and created again (or a new broker) starts afresh instead of matching old offsets.
create table command_partition (
    topic_id    varchar(32)  not null,
    partition   integer      not null,
    topic       varchar(249) not null,
    next_offset bigint       not null,
    decided_at  timestamptz  not null,
    primary key (topic_id, partition)
);

-- The answers (results and dead letters) of the records [first_offset, next_offset) of one
-- partition, as one encoded blob per batch: a redelivered record is answered from here, never
-- decided again. Kept for billing.kafka.answers-retention, and the latest row per partition
-- for ever (it is what is republished when a partition is assigned).
create table command_answer (
    topic_id     varchar(32) not null,
    partition    integer     not null,
    first_offset bigint      not null,
    next_offset  bigint      not null,
    answers      bytea       not null,
    decided_at   timestamptz not null,
    primary key (topic_id, partition, first_offset)
);
create index command_answer_decided_at on command_answer (decided_at);
