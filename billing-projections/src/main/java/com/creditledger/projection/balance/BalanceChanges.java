package com.creditledger.projection.balance;

import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.projection.ColumnArrays;
import com.creditledger.projection.EventPosition;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The balance view changes of one unit of work (a processor's batch), kept per account and
 * written just before it commits: the accounts it opened in one insert, then every other
 * account's events coalesced into one row of one update. An account's update is guarded by its
 * first sequence number in the batch, so a batch applied again changes nothing. Should a row be
 * ahead of only part of its events (an event applied twice next to new ones), the first update
 * leaves it alone; its events after the row's sequence number are then folded and applied
 * again, so each event counts exactly once.
 */
final class BalanceChanges {

    /** What one event does to its account's row: credits moved by kind, or a new cycle ({@code renewal}). */
    record Step(long sequence, long position, Instant at, long subscription, long topUp, long heldSubscription,
                long heldTopUp, SubscriptionRenewed renewal) {
    }

    private static final String[] OPENED = {"varchar", "bigint", "bigint", "timestamptz"};
    private static final String OPEN = """
            insert into balance_view (account_id, subscription, top_up, last_sequence, last_global_index, last_event_at)
            select account, 0, 0, sequence, position, at from %s as u(account, sequence, position, at)
            on conflict (account_id) do nothing""".formatted(ColumnArrays.unnest(OPENED));
    private static final String[] FOLDED = {"varchar", "bigint", "bigint", "bigint", "timestamptz", "bigint", "bigint",
            "bigint", "bigint", "boolean", "bigint", "varchar", "timestamptz", "timestamptz"};
    private static final String UPDATE = """
            update balance_view b
            set subscription = case when u.renewed then u.monthly else b.subscription end + u.subscription,
                top_up = b.top_up + u.top_up,
                held_subscription = b.held_subscription + u.held_subscription,
                held_top_up = b.held_top_up + u.held_top_up,
                plan = case when u.renewed then u.plan else b.plan end,
                period_start = case when u.renewed then u.period_start else b.period_start end,
                period_end = case when u.renewed then u.period_end else b.period_end end,
                last_sequence = u.last_sequence, last_global_index = u.position, last_event_at = u.at
            from %s
                 as u(account, first_sequence, last_sequence, position, at, subscription, top_up, held_subscription,
                      held_top_up, renewed, monthly, plan, period_start, period_end)
            where b.account_id = u.account and b.last_sequence < u.first_sequence""".formatted(ColumnArrays.unnest(FOLDED));

    private final JdbcTemplate jdbc;
    private final ColumnArrays opened = new ColumnArrays(OPENED);
    private final Map<String, List<Step>> steps = new LinkedHashMap<>();

    BalanceChanges(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void open(String accountId, long sequence, long position, Instant at) {
        opened.add(accountId, sequence, position, EventPosition.utc(at));
    }

    void add(String accountId, Step step) {
        steps.computeIfAbsent(accountId, key -> new ArrayList<>()).add(step);
    }

    void write() {
        if (!opened.isEmpty()) {
            opened.update(jdbc, OPEN);
        }
        if (steps.isEmpty()) {
            return;
        }
        ColumnArrays rows = fold(Map.of());
        if (rows.update(jdbc, UPDATE) < rows.size()) {
            ColumnArrays rest = fold(lastSequences());
            if (!rest.isEmpty()) {
                rest.update(jdbc, UPDATE);
            }
        }
    }

    /** One row per account of the steps after the sequence number its row already has ({@code applied}; none if absent). */
    private ColumnArrays fold(Map<String, Long> applied) {
        ColumnArrays rows = new ColumnArrays(FOLDED);
        steps.forEach((accountId, accountSteps) -> {
            long after = applied.getOrDefault(accountId, -1L);
            Fold fold = new Fold();
            accountSteps.stream().filter(step -> step.sequence() > after).forEach(fold::add);
            if (fold.last != null) {
                SubscriptionRenewed renewal = fold.renewal;
                rows.add(accountId, fold.first.sequence(), fold.last.sequence(), fold.last.position(),
                        EventPosition.utc(fold.last.at()), fold.subscription, fold.topUp, fold.heldSubscription,
                        fold.heldTopUp, renewal != null, renewal == null ? 0 : renewal.monthlyCredits().amount(),
                        renewal == null ? null : renewal.plan(), renewal == null ? null : EventPosition.utc(renewal.periodStart()),
                        renewal == null ? null : EventPosition.utc(renewal.periodEnd()));
            }
        });
        return rows;
    }

    private Map<String, Long> lastSequences() {
        Map<String, Long> applied = new HashMap<>();
        jdbc.query("select account_id, last_sequence from balance_view where account_id = any(?::varchar[])",
                statement -> statement.setObject(1, steps.keySet().toArray(String[]::new)),
                row -> {
                    applied.put(row.getString(1), row.getLong(2));
                });
        return applied;
    }

    /** Consecutive steps of one account as one: credits added up, a renewal resetting the subscription credits. */
    private static final class Fold {
        Step first;
        Step last;
        SubscriptionRenewed renewal;
        long subscription;
        long topUp;
        long heldSubscription;
        long heldTopUp;

        void add(Step step) {
            if (first == null) {
                first = step;
            }
            last = step;
            if (step.renewal() != null) {
                renewal = step.renewal();
                subscription = 0;
            }
            subscription += step.subscription();
            topUp += step.topUp();
            heldSubscription += step.heldSubscription();
            heldTopUp += step.heldTopUp();
        }
    }
}
