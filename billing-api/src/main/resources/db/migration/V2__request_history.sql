-- The idempotency keys of every accepted charge, refund, top-up and renewal, for the account's
-- whole life. Written by the command side in the same transaction as the events.
create table account_request (
    account_id  varchar(64)  not null,
    kind        varchar(16)  not null,
    request_key varchar(128) not null,
    event       jsonb        not null,
    primary key (account_id, kind, request_key)
);
