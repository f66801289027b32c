-- The re-rating preview reads every charge of a period across all accounts; without this the
-- period is found by reading the whole table (the other index leads with the account).
create index usage_entry_time_idx on usage_entry (occurred_at);
