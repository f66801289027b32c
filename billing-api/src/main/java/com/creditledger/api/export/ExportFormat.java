package com.creditledger.api.export;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;

import java.util.Locale;

/** How an export is written: CSV with a header line, or NDJSON, one JSON object a line. */
public enum ExportFormat {
    CSV("text/csv", "csv"), NDJSON("application/x-ndjson", "ndjson");

    public final String mediaType;
    public final String extension;

    ExportFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public static ExportFormat of(String format) {
        try {
            return valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "format", "format must be csv or ndjson");
        }
    }
}
