-- Credits held for running jobs, by the kind they were taken from (subscription, top_up are available).
alter table balance_view add column held_subscription bigint not null default 0;
alter table balance_view add column held_top_up bigint not null default 0;

-- Balance alerts as raised, one row per alert event.
create table balance_alert (
    account_id         varchar(64) not null,
    sequence_number    bigint      not null,
    kind               varchar(16) not null,
    threshold          jsonb,
    threshold_credits  bigint      not null,
    balance_before     bigint      not null,
    balance_after      bigint      not null,
    occurred_at        timestamptz not null,
    primary key (account_id, sequence_number)
);

-- The thresholds an account chose; no row, or null thresholds, means the service's defaults.
create table alert_settings (
    account_id      varchar(64) primary key,
    thresholds      jsonb,
    last_sequence   bigint      not null
);
