package com.creditledger.api.usage;

import com.creditledger.account.AccountIds;
import com.creditledger.account.Accounts;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.web.Refused;
import com.creditledger.pricing.Toolkit;
import com.creditledger.projection.balance.Balances;
import com.creditledger.projection.usage.UsageFilter;
import com.creditledger.projection.usage.UsageHistory;
import com.creditledger.projection.usage.UsagePage;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;

/** An account's charges and refunds, newest first. */
@RestController
@Tag(name = "usage", description = "An account's charges and refunds")
public class UsageController {

    static final int MAX_PAGE_SIZE = 500;

    private final UsageHistory usage;
    private final Balances balances;

    public UsageController(UsageHistory usage, Balances balances) {
        this.usage = usage;
        this.balances = balances;
    }

    @GetMapping("/api/accounts/{accountId}/usage")
    UsagePage usage(@PathVariable String accountId,
                    @RequestParam(required = false) Instant from,
                    @RequestParam(required = false) Instant to,
                    @RequestParam(required = false) String toolkit,
                    @RequestParam(required = false) String tool,
                    @RequestParam(defaultValue = "0") int page,
                    @RequestParam(defaultValue = "50") int size) {
        AccountIds.requireAccountId(accountId);
        if (page < 0) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "page", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "to must be after from");
        }
        if (toolkit != null && Arrays.stream(Toolkit.values()).noneMatch(known -> known.id().equals(toolkit))) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "toolkit", "unknown toolkit '" + toolkit + "'");
        }
        if (balances.find(accountId).isEmpty()) {
            throw new Refused(Accounts.unknownAccount(accountId));
        }
        return usage.find(new UsageFilter(accountId, from, to, toolkit, tool, page, size));
    }
}
