package com.creditledger.projection.finance;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import static com.creditledger.projection.EventPosition.utc;

/** Finance reports over the ledger rows. Periods are half-open, [from, to), in UTC. */
@Component
public class FinanceLedger {

    public enum Granularity { DAY, MONTH }

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
        long outstanding = jdbc.sql("""
                        select coalesce(sum(sold_top_up - consumed_top_up + refunded_top_up), 0)
                        from read_finance_entry where occurred_at < :to""")
                .param("to", utc(to))
                .query(Long.class)
                .single();
        return new FinanceSummary(from, to, totals, outstanding);
    }

    public List<UsageBucket> usage(Instant from, Instant to, Granularity granularity, Dimension dimension) {
        String unit = granularity.name().toLowerCase(Locale.ROOT);
        String key = dimension == Dimension.TOOL ? "tool" : "toolkit";
        return jdbc.sql("select date_trunc('" + unit + "', occurred_at at time zone 'UTC') as period, " + key + " as key, "
                        + SUMS + " from read_finance_entry where occurred_at >= :from and occurred_at < :to"
                        + " group by 1, 2 order by 1, 2 nulls first")
                .param("from", utc(from))
                .param("to", utc(to))
                .query((rs, row) -> new UsageBucket(rs.getTimestamp("period").toLocalDateTime().toInstant(java.time.ZoneOffset.UTC),
                        rs.getString("key"), totals(rs)))
                .list();
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
