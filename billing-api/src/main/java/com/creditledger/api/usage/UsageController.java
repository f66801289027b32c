package com.creditledger.api.usage;

import com.creditledger.account.Accounts;
import com.creditledger.api.export.ExportFormat;
import com.creditledger.api.export.Exports;
import com.creditledger.api.web.Refused;
import com.creditledger.api.web.UnknownAccountException;
import com.creditledger.projection.balance.Balances;
import com.creditledger.projection.usage.UsageFilter;
import com.creditledger.projection.usage.UsageHistory;
import com.creditledger.projection.usage.UsagePage;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;

/** An account's charges and refunds, newest first: a page at a time, or all of them as a file. */
@RestController
@Tag(name = "usage", description = "An account's charges and refunds")
public class UsageController {

    private final UsageHistory usage;
    private final Balances balances;
    private final Exports exports;

    public UsageController(UsageHistory usage, Balances balances, Exports exports) {
        this.usage = usage;
        this.balances = balances;
        this.exports = exports;
    }

    @GetMapping("/api/accounts/{accountId}/usage")
    UsagePage usage(@PathVariable String accountId,
                    @RequestParam(required = false) Instant from,
                    @RequestParam(required = false) Instant to,
                    @RequestParam(required = false) String toolkit,
                    @RequestParam(required = false) String tool,
                    @RequestParam(defaultValue = "0") int page,
                    @RequestParam(defaultValue = "50") int size) {
        UsageFilter filter = UsageRequests.filter(accountId, from, to, toolkit, tool, page, size);
        if (balances.find(accountId).isEmpty()) {
            throw new Refused(Accounts.unknownAccount(accountId));
        }
        return usage.find(filter);
    }

    /** The same entries, all of them, streamed as CSV or NDJSON. */
    @GetMapping("/api/accounts/{accountId}/usage/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String accountId,
                             @RequestParam(required = false) Instant from,
                             @RequestParam(required = false) Instant to,
                             @RequestParam(required = false) String toolkit,
                             @RequestParam(required = false) String tool,
                             @RequestParam(defaultValue = "csv") String format) {
        UsageFilter filter = UsageRequests.filter(accountId, from, to, toolkit, tool, 0, 1);
        ExportFormat chosen = ExportFormat.of(format);
        if (balances.find(accountId).isEmpty()) {
            throw new UnknownAccountException(accountId);
        }
        return exports.accountUsage(filter, chosen);
    }
}
