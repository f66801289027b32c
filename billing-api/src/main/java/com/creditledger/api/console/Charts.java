package com.creditledger.api.console;

import com.creditledger.api.audit.AccountAudit.BalancePoint;
import com.creditledger.api.export.FinancePeriod;
import com.creditledger.projection.finance.FinanceLedger.Liability;
import com.creditledger.projection.finance.UsageBucket;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of a page's charts, as JSON for the page's script to draw: labels and series, each
 * value one the API answers (a day without a row is 0, as the API's sums would be).
 */
@Component
class Charts {

    /** What console.js draws: {@code kind} bar (stacked) or line, labels, and named series. */
    record Chart(String kind, String labelFormat, List<String> labels, List<Series> series) {
    }

    record Series(String name, List<Long> values) {
    }

    private final ObjectMapper json;

    Charts(ObjectMapper json) {
        this.json = json;
    }

    String consumptionPerDay(FinancePeriod period, List<UsageBucket> perDay, List<String> toolkits) {
        List<Instant> days = new ArrayList<>();
        for (Instant day = period.from(); day.isBefore(period.to()); day = day.plus(1, ChronoUnit.DAYS)) {
            days.add(day);
        }
        Map<String, Long> consumed = new HashMap<>();
        perDay.forEach(bucket -> consumed.put(bucket.key() + "@" + bucket.period(), bucket.totals().consumed()));
        List<Series> series = toolkits.stream()
                .map(toolkit -> new Series(toolkit, days.stream().map(day -> consumed.getOrDefault(toolkit + "@" + day, 0L)).toList()))
                .toList();
        return write(new Chart("bar", "utc-day", days.stream().map(Instant::toString).toList(), series));
    }

    String liability(List<Liability> series) {
        return write(new Chart("line", "utc-day", series.stream().map(point -> point.period().toString()).toList(),
                List.of(new Series("outstanding top-up credits", series.stream().map(Liability::outstandingTopUp).toList()))));
    }

    String balance(List<BalancePoint> points) {
        Map<String, List<Long>> values = new LinkedHashMap<>();
        values.put("spendable", points.stream().map(BalancePoint::total).toList());
        values.put("held", points.stream().map(point -> point.held().total().amount()).toList());
        return write(new Chart("line", "local-time", points.stream().map(point -> point.occurredAt().toString()).toList(),
                values.entrySet().stream().map(entry -> new Series(entry.getKey(), entry.getValue())).toList()));
    }

    private String write(Chart chart) {
        try {
            return json.writeValueAsString(chart);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
