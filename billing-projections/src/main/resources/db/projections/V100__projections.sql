-- Read models. Each is folded from the event store by its own tracking processor and can be
-- rebuilt by replaying; every write is idempotent under replay.

create table balance_view (
    account_id        varchar(64) primary key,
    subscription      bigint      not null,
    top_up            bigint      not null,
    plan              varchar(128),
    period_start      timestamptz,
    period_end        timestamptz,
    last_sequence     bigint      not null,
    last_global_index bigint      not null,
    last_event_at     timestamptz not null
);

create table usage_entry (
    account_id        varchar(64)  not null,
    job_id            varchar(128) not null,
    kind              varchar(8)   not null,
    tool              varchar(128) not null,
    toolkit           varchar(32)  not null,
    params            jsonb        not null,
    catalog_version   varchar(64),
    credits           bigint       not null,
    from_subscription bigint       not null,
    from_top_up       bigint       not null,
    occurred_at       timestamptz  not null,
    global_index      bigint       not null,
    primary key (account_id, job_id, kind)
);
create index usage_entry_account_time_idx on usage_entry (account_id, occurred_at);

-- One row per credit movement (signed by kind), keyed by the event that caused it.
create table finance_entry (
    account_id            varchar(64) not null,
    sequence_number       bigint      not null,
    occurred_at           timestamptz not null,
    tool                  varchar(128),
    toolkit               varchar(32),
    consumed_subscription bigint      not null default 0,
    consumed_top_up       bigint      not null default 0,
    refunded_subscription bigint      not null default 0,
    refunded_top_up       bigint      not null default 0,
    granted_subscription  bigint      not null default 0,
    expired_subscription  bigint      not null default 0,
    sold_top_up           bigint      not null default 0,
    primary key (account_id, sequence_number)
);
create index finance_entry_time_idx on finance_entry (occurred_at);
