-- Queries read a projection through these views; its processor writes the tables. A rebuild
-- renames the tables aside (a view follows its table through a rename, so reads keep answering
-- from the rows they had), replays into fresh tables of the same shape, and points the views at
-- those once the replay has caught up. A migration that changes a table's columns must create
-- its view again: a view keeps the columns it was created with.
create view read_balance_view as select * from balance_view;
create view read_open_hold as select * from open_hold;
create view read_balance_alert as select * from balance_alert;
create view read_alert_settings as select * from alert_settings;
create view read_usage_entry as select * from usage_entry;
create view read_finance_entry as select * from finance_entry;

-- A rebuild under way: its projection's views still show the tables as they were at started_at,
-- until the replay has passed target_position (the head of the event store when it started).
create table projection_rebuild (
    projection      varchar(32) primary key,
    target_position bigint      not null,
    started_at      timestamptz not null
);
