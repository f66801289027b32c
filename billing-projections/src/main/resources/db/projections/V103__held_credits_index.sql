-- Only accounts holding credits, so that the held-credits gauge reads those and not every account.
create index balance_view_held_idx on balance_view (account_id) where held_subscription > 0 or held_top_up > 0;
