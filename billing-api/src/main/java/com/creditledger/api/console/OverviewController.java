package com.creditledger.api.console;

import com.creditledger.api.export.ExportFormat;
import com.creditledger.api.export.Exports;
import com.creditledger.api.export.FinancePeriod;
import com.creditledger.api.finance.FinanceController;
import com.creditledger.pricing.Toolkit;
import com.creditledger.projection.finance.FinanceLedger;
import com.creditledger.projection.finance.FinanceLedger.Dimension;
import com.creditledger.projection.finance.FinanceLedger.Granularity;
import com.creditledger.projection.finance.UsageBucket;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finance's month: the figures of {@code /api/finance/summary}, consumption per day and toolkit
 * and the top tools and toolkits of {@code /api/finance/usage}, the liability of
 * {@code /api/finance/liability}. The page only lays them out; it adds up nothing itself.
 */
@Controller
public class OverviewController {

    static final int TOP = 10;

    private final FinanceLedger ledger;
    private final Exports exports;
    private final Charts charts;
    private final Clock clock;

    public OverviewController(FinanceLedger ledger, Exports exports, Charts charts, Clock clock) {
        this.ledger = ledger;
        this.exports = exports;
        this.charts = charts;
        this.clock = clock;
    }

    @GetMapping("/console/overview")
    String overview(@RequestParam(required = false) String month, Authentication user, Model model) {
        ReportMonth report = ReportMonth.of(month, clock);
        FinancePeriod period = report.period();
        Instant from = period.from();
        Instant to = period.to();
        List<UsageBucket> perDay = ledger.usage(from, to, Granularity.DAY, Dimension.TOOLKIT);
        model.addAttribute("viewer", Viewer.of(user));
        model.addAttribute("month", report.toString());
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("summary", ledger.summary(from, to));
        model.addAttribute("consumptionChart", charts.consumptionPerDay(period, perDay, toolkits(perDay)));
        model.addAttribute("liabilityChart", charts.liability(ledger.liability(from, to, Granularity.DAY)));
        model.addAttribute("topTools", top(ledger.usage(from, to, Granularity.PERIOD, Dimension.TOOL)));
        model.addAttribute("topToolkits", top(ledger.usage(from, to, Granularity.PERIOD, Dimension.TOOLKIT)));
        return "console/overview";
    }

    @GetMapping("/console/overview/export")
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String month,
                                                 @RequestParam(defaultValue = "day") String groupBy,
                                                 @RequestParam(defaultValue = "toolkit") String by,
                                                 @RequestParam(defaultValue = "csv") String format) {
        return exports.financeUsage(ReportMonth.of(month, clock).period(),
                FinanceController.choice(Granularity.class, groupBy, "groupBy"),
                FinanceController.choice(Dimension.class, by, "by"), ExportFormat.of(format));
    }

    /** The catalog's toolkits in its order, then any other a recorded charge names (of an older catalog, say). */
    private static List<String> toolkits(List<UsageBucket> buckets) {
        Set<String> toolkits = new LinkedHashSet<>();
        Arrays.stream(Toolkit.values()).map(Toolkit::id).forEach(toolkits::add);
        buckets.stream().map(UsageBucket::key).filter(Objects::nonNull).forEach(toolkits::add);
        return List.copyOf(toolkits);
    }

    /** The tools or toolkits that consumed most; grants and top-ups (no key) are no tool's. */
    private static List<UsageBucket> top(List<UsageBucket> buckets) {
        return buckets.stream().filter(bucket -> bucket.key() != null && bucket.totals().consumed() > 0)
                .sorted(Comparator.comparingLong((UsageBucket bucket) -> bucket.totals().consumed()).reversed()
                        .thenComparing(UsageBucket::key))
                .limit(TOP).toList();
    }
}
