package com.creditledger.api.export;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A half-open period [from, to) of a report; {@code to} must be after {@code from}. */
public record FinancePeriod(Instant from, Instant to) {

    private static final DateTimeFormatter FILE_NAME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public FinancePeriod {
        if (from == null || to == null || !to.isAfter(from)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "to must be after from");
        }
    }

    String fileName() {
        return FILE_NAME.format(from) + "-" + FILE_NAME.format(to);
    }
}
