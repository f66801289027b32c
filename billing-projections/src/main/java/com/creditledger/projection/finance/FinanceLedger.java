package com.creditledger.projection.finance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

import static com.creditledger.projection.EventPosition.utc;

/** Finance reports over the ledger rows. Periods are half-open, [from, to), in UTC. */
@Component
public class FinanceLedger {

    /** {@code PERIOD}: one bucket per key for the whole period, starting at {@code from}. */
    public enum Granularity { DAY, MONTH, PERIOD }

    public enum Dimension { TOOLKIT, TOOL }

    private static final String SUMS = """
            sum(consumed_subscription) as consumed_subscription, sum(consumed_top_up) as consumed_top_up,
            sum(refunded_subscription) as refunded_subscription, sum(refunded_top_up) as refunded_top_up,
            sum(granted_subscription) as granted_subscription, sum(expired_subscription) as expired_subscription,
            sum(sold_top_up) as sold_top_up
            """;

    private final JdbcClient jdbc;

    public FinanceLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public FinanceSummary summary(Instant from, Instant to) {
        Totals totals = jdbc.sql("select " + SUMS + " from read_finance_entry where occurred_at >= :from and occurred_at < :to")
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, row) -> totals(rs))
                .single();
        return new FinanceSummary(from, to, totals, outstandingAt(to));
    }

    public List<UsageBucket> usage(Instant from, Instant to, Granularity granularity, Dimension dimension) {
        String period = granularity == Granularity.PERIOD ? "cast(:from as timestamptz) at time zone 'UTC'"
                : "date_trunc('" + granularity.name().toLowerCase(Locale.ROOT) + "', occurred_at at time zone 'UTC')";
        String key = dimension == Dimension.TOOL ? "tool" : "toolkit";
        return jdbc.sql("select " + period + " as period, " + key + " as key, "
                        + SUMS + " from read_finance_entry where occurred_at >= :from and occurred_at < :to"
                        + " group by 1, 2 order by 1, 2 nulls first")
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, row) -> new UsageBucket(rs.getTimestamp("period").toLocalDateTime().toInstant(ZoneOffset.UTC),
                        rs.getString("key"), totals(rs)))
                .list();
    }

    /** The top-up liability at the end of a day or month. */
    public record Liability(Instant period, Instant at, long outstandingTopUp) {
    }

    /**
     * The outstanding top-up credits at the end of each day or month of [from, to) (at {@code to}
     * for the last, which may be cut short), every one listed, movements or not.
     */
    public List<Liability> liability(Instant from, Instant to, Granularity granularity) {
        if (granularity == Granularity.PERIOD) {
            return List.of(new Liability(from, to, outstandingAt(to)));
        }
        String unit = granularity.name().toLowerCase(Locale.ROOT);
        long before = outstandingAt(from);
        return jdbc.sql("""
                        select s.period, :before + sum(coalesce(m.delta, 0)) over (order by s.period) as outstanding
                        from generate_series(date_trunc('%1$s', cast(:from as timestamptz) at time zone 'UTC'),
                                             cast(:to as timestamptz) at time zone 'UTC' - interval '1 microsecond',
                                             interval '1 %1$s') as s(period)
                        left join (select date_trunc('%1$s', occurred_at at time zone 'UTC') as period,
                                          sum(sold_top_up - consumed_top_up + refunded_top_up) as delta
                                   from read_finance_entry where occurred_at >= :from and occurred_at < :to group by 1) m
                          on m.period = s.period
                        order by s.period""".formatted(unit))
                .param("before", before)
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, row) -> {
                    LocalDateTime start = rs.getTimestamp("period").toLocalDateTime();
                    Instant end = (granularity == Granularity.DAY ? start.plusDays(1) : start.plusMonths(1)).toInstant(ZoneOffset.UTC);
                    return new Liability(start.toInstant(ZoneOffset.UTC), end.isAfter(to) ? to : end, rs.getLong("outstanding"));
                })
                .list();
    }

    private long outstandingAt(Instant instant) {
        return jdbc.sql("""
                        select coalesce(sum(sold_top_up - consumed_top_up + refunded_top_up), 0)
                        from read_finance_entry where occurred_at < :to""")
                .param("to", utc(instant))
                .query(Long.class)
                .single();
    }

    private static Totals totals(ResultSet rs) throws SQLException {
        long consumedSubscription = rs.getLong("consumed_subscription");
        long consumedTopUp = rs.getLong("consumed_top_up");
        long refundedSubscription = rs.getLong("refunded_subscription");
        long refundedTopUp = rs.getLong("refunded_top_up");
        return new Totals(consumedSubscription, consumedTopUp, consumedSubscription + consumedTopUp,
                refundedSubscription, refundedTopUp, refundedSubscription + refundedTopUp,
                rs.getLong("granted_subscription"), rs.getLong("expired_subscription"), rs.getLong("sold_top_up"));
    }
}
