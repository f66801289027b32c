-- Tamper evidence: each stored event's hash chains it to the previous event of its account.
-- Written in the same transaction as the event; never updated.
create table event_hash (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    event_identifier     varchar(255) not null,
    hash                 char(64)     not null,
    primary key (aggregate_identifier, sequence_number)
);
