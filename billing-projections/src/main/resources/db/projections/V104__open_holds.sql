-- The holds of each account not yet captured, released or expired, as the events have them.
create table open_hold (
    account_id        varchar(64)  not null,
    job_id            varchar(128) not null,
    tool              varchar(128) not null,
    toolkit           varchar(32)  not null,
    credits           bigint       not null,
    from_subscription bigint       not null,
    from_top_up       bigint       not null,
    reserved_at       timestamptz  not null,
    expires_at        timestamptz  not null,
    primary key (account_id, job_id)
);
