package com.creditledger.api.accountlist;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.usage.UsageRequests;
import com.creditledger.projection.balance.Balances;
import com.creditledger.projection.balance.Balances.AccountPage;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.regex.Pattern;

/** Accounts by id prefix, in id order, a page at a time, each with its balance view. */
@RestController
@Tag(name = "accounts", description = "Open accounts, grant credits (renewals, top-ups, refunds), charge and hold jobs, "
        + "set alert thresholds; read balances and open holds")
public class AccountListController {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{0,64}");

    private final Balances balances;

    public AccountListController(Balances balances) {
        this.balances = balances;
    }

    @GetMapping("/api/accounts")
    AccountPage accounts(@RequestParam(defaultValue = "") String prefix,
                         @RequestParam(defaultValue = "0") int page,
                         @RequestParam(defaultValue = "50") int size) {
        return balances.page(requirePrefix(prefix), requirePage(page, size), size);
    }

    public static String requirePrefix(String prefix) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "prefix",
                    "prefix must be at most 64 characters of A-Z a-z 0-9 . _ : -");
        }
        return prefix;
    }

    private static int requirePage(int page, int size) {
        UsageRequests.pageAndSize(page, size);
        return page;
    }
}
