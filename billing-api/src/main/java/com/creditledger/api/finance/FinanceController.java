package com.creditledger.api.finance;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.projection.finance.FinanceLedger;
import com.creditledger.projection.finance.FinanceLedger.Dimension;
import com.creditledger.projection.finance.FinanceLedger.Granularity;
import com.creditledger.projection.finance.FinanceSummary;
import com.creditledger.projection.finance.UsageBucket;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The finance ledger: credits consumed, refunded, granted, expired and sold, and the top-up liability. */
@RestController
@Tag(name = "finance", description = "Credits consumed, refunded, granted, expired and sold, and the top-up liability")
@RequestMapping("/api/finance")
public class FinanceController {

    private final FinanceLedger ledger;

    public FinanceController(FinanceLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping("/summary")
    FinanceSummary summary(@RequestParam Instant from, @RequestParam Instant to) {
        requireOrdered(from, to);
        return ledger.summary(from, to);
    }

    @GetMapping("/usage")
    List<UsageBucket> usage(@RequestParam Instant from, @RequestParam Instant to,
                            @RequestParam(defaultValue = "day") String groupBy,
                            @RequestParam(defaultValue = "toolkit") String by) {
        requireOrdered(from, to);
        return ledger.usage(from, to, choice(Granularity.class, groupBy, "groupBy"), choice(Dimension.class, by, "by"));
    }

    private static void requireOrdered(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "to must be after from");
        }
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String field) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field,
                    "'" + field + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }
}
