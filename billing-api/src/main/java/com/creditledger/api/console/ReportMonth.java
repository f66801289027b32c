package com.creditledger.api.console;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.export.FinancePeriod;

import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The month a page reports on, in UTC (the ledger's days and months are UTC); the current one by default. */
record ReportMonth(YearMonth month) {

    static ReportMonth of(String month, Clock clock) {
        if (month == null || month.isBlank()) {
            return new ReportMonth(YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
        }
        try {
            return new ReportMonth(YearMonth.parse(month));
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "month", "month must look like 2026-11");
        }
    }

    FinancePeriod period() {
        return new FinancePeriod(month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
