package com.creditledger.api.audit;

import com.creditledger.account.AccountIds;
import com.creditledger.account.Accounts;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.web.Refused;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** An account's balance after each of its events, from the store: for finance and auditors. */
@RestController
@Tag(name = "usage", description = "An account's charges and refunds")
public class BalanceHistoryController {

    private final AccountAudit audit;

    public BalanceHistoryController(AccountAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/api/accounts/{accountId}/balance-history")
    List<AccountAudit.BalancePoint> history(@PathVariable String accountId, @RequestParam(required = false) Instant from,
                                            @RequestParam(required = false) Instant to) {
        AccountIds.requireAccountId(accountId);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "to must be after from");
        }
        if (!audit.exists(accountId)) {
            throw new Refused(Accounts.unknownAccount(accountId));
        }
        return audit.balanceHistory(accountId, from, to);
    }
}
