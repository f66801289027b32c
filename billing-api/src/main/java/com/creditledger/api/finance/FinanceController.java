package com.creditledger.api.finance;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.export.ExportFormat;
import com.creditledger.api.export.Exports;
import com.creditledger.api.export.FinancePeriod;
import com.creditledger.projection.finance.FinanceLedger;
import com.creditledger.projection.finance.FinanceLedger.Dimension;
import com.creditledger.projection.finance.FinanceLedger.Granularity;
import com.creditledger.projection.finance.FinanceLedger.Liability;
import com.creditledger.projection.finance.FinanceSummary;
import com.creditledger.projection.finance.UsageBucket;
import org.springframework.http.ResponseEntity;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The finance ledger: credits consumed, refunded, granted, expired and sold, and the top-up liability. */
@RestController
@Tag(name = "finance", description = "Credits consumed, refunded, granted, expired and sold, and the top-up liability")
@RequestMapping("/api/finance")
public class FinanceController {

    /** A liability series lists every day or month; ten years of days is 3,650 points. */
    static final Duration MAX_SERIES = Duration.ofDays(3660);

    private final FinanceLedger ledger;
    private final Exports exports;

    public FinanceController(FinanceLedger ledger, Exports exports) {
        this.ledger = ledger;
        this.exports = exports;
    }

    @GetMapping("/summary")
    FinanceSummary summary(@RequestParam Instant from, @RequestParam Instant to) {
        new FinancePeriod(from, to);
        return ledger.summary(from, to);
    }

    @GetMapping("/usage")
    List<UsageBucket> usage(@RequestParam Instant from, @RequestParam Instant to,
                            @RequestParam(defaultValue = "day") String groupBy,
                            @RequestParam(defaultValue = "toolkit") String by) {
        new FinancePeriod(from, to);
        return ledger.usage(from, to, choice(Granularity.class, groupBy, "groupBy"), choice(Dimension.class, by, "by"));
    }

    /** The usage report as a file: the rows {@code /usage} answers, streamed as CSV or NDJSON. */
    @GetMapping("/usage/export")
    ResponseEntity<StreamingResponseBody> usageExport(@RequestParam Instant from, @RequestParam Instant to,
                                                      @RequestParam(defaultValue = "day") String groupBy,
                                                      @RequestParam(defaultValue = "toolkit") String by,
                                                      @RequestParam(defaultValue = "csv") String format) {
        return exports.financeUsage(new FinancePeriod(from, to), choice(Granularity.class, groupBy, "groupBy"),
                choice(Dimension.class, by, "by"), ExportFormat.of(format));
    }

    /** The outstanding top-up credits at the end of each day or month of the period. */
    @GetMapping("/liability")
    List<Liability> liability(@RequestParam Instant from, @RequestParam Instant to,
                              @RequestParam(defaultValue = "day") String groupBy) {
        new FinancePeriod(from, to);
        if (Duration.between(from, to).compareTo(MAX_SERIES) > 0) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "a liability series spans at most 3660 days");
        }
        return ledger.liability(from, to, choice(Granularity.class, groupBy, "groupBy"));
    }

    public static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field,
                    "'" + field + "' must be one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
