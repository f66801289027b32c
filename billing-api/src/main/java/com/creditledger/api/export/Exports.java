package com.creditledger.api.export;

import com.creditledger.api.store.LongReads;
import com.creditledger.projection.finance.FinanceLedger;
import com.creditledger.projection.finance.FinanceLedger.Dimension;
import com.creditledger.projection.finance.FinanceLedger.Granularity;
import com.creditledger.projection.finance.Totals;
import com.creditledger.projection.usage.UsageFilter;
import com.creditledger.projection.usage.UsageHistory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The finance usage report and an account's usage as files, for the API and the console alike:
 * the same rows, columns and names whichever asks.
 */
@Component
public class Exports {

    private static final List<String> FINANCE_COLUMNS = List.of("period", "key", "consumedSubscription", "consumedTopUp",
            "consumed", "refundedSubscription", "refundedTopUp", "refunded", "grantedSubscription", "expiredSubscription",
            "soldTopUp");
    private static final List<String> USAGE_COLUMNS = List.of("occurredAt", "jobId", "kind", "tool", "toolkit", "credits",
            "fromSubscription", "fromTopUp", "catalogVersion", "params");

    private final FinanceLedger ledger;
    private final UsageHistory usage;
    private final ObjectMapper json;
    private final TransactionTemplate readOnly;

    public Exports(FinanceLedger ledger, UsageHistory usage, ObjectMapper json, PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.usage = usage;
        this.json = json;
        this.readOnly = LongReads.readOnly(transactions);
    }

    /** What {@code GET /api/finance/usage} answers for the same arguments, one bucket a row. */
    public ResponseEntity<StreamingResponseBody> financeUsage(FinancePeriod period, Granularity granularity, Dimension dimension,
                                                              ExportFormat format) {
        String name = "finance-usage-" + period.fileName();
        return file(format, name, out -> {
            ExportWriter writer = new ExportWriter(format, out, json, FINANCE_COLUMNS);
            ledger.usage(period.from(), period.to(), granularity, dimension).forEach(bucket -> {
                Totals t = bucket.totals();
                writer.row(bucket.period(), bucket.key(), t.consumedSubscription(), t.consumedTopUp(), t.consumed(),
                        t.refundedSubscription(), t.refundedTopUp(), t.refunded(), t.grantedSubscription(),
                        t.expiredSubscription(), t.soldTopUp());
            });
        });
    }

    /** Every charge and refund of the filter (its page and size aside), newest first, read from a cursor. */
    public ResponseEntity<StreamingResponseBody> accountUsage(UsageFilter filter, ExportFormat format) {
        String name = "usage-" + filter.accountId() + (filter.from() == null || filter.to() == null ? ""
                : "-" + new FinancePeriod(filter.from(), filter.to()).fileName());
        return file(format, name, out -> readOnly.executeWithoutResult(status -> {
            try {
                ExportWriter writer = new ExportWriter(format, out, json, USAGE_COLUMNS);
                usage.forEach(filter, entry -> writer.row(entry.occurredAt(), entry.jobId(), entry.kind(), entry.tool(),
                        entry.toolkit(), entry.credits(), entry.fromSubscription(), entry.fromTopUp(), entry.catalogVersion(),
                        entry.params()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static ResponseEntity<StreamingResponseBody> file(ExportFormat format, String name, Body body) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(format.mediaType + ";charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name + "." + format.extension).build().toString())
                .body(body::writeTo);
    }
}
