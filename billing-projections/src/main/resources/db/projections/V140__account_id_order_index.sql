-- The accounts list (GET /api/accounts?prefix) reads a range of ids in byte order: the primary
-- key sorts by the database's collation, which neither that range nor that order can use.
create index balance_view_account_id_c_idx on balance_view (account_id collate "C");
