package com.creditledger.api.alert;

import com.creditledger.account.AccountIds;
import com.creditledger.account.Accounts;
import com.creditledger.account.AlertPolicy;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.web.Refused;
import com.creditledger.projection.alert.BalanceAlerts;
import com.creditledger.projection.balance.Balances;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

/** An account's alert thresholds in force and the alerts raised for it, newest first. */
@RestController
@Tag(name = "alerts", description = "An account's balance alert thresholds and the alerts raised")
public class AlertController {

    static final int MAX_LIMIT = 500;

    /** {@code defaults}: the account has not chosen its own thresholds, so the service's apply. */
    record AccountAlerts(String accountId, List<AlertThreshold> thresholds, boolean defaults, List<BalanceAlerts.Alert> alerts) {
    }

    private final BalanceAlerts alerts;
    private final Balances balances;
    private final AlertPolicy policy;

    public AlertController(BalanceAlerts alerts, Balances balances, AlertPolicy policy) {
        this.alerts = alerts;
        this.balances = balances;
        this.policy = policy;
    }

    @GetMapping("/api/accounts/{accountId}/alerts")
    AccountAlerts alerts(@PathVariable String accountId, @RequestParam(defaultValue = "50") int limit) {
        AccountIds.requireAccountId(accountId);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        if (balances.find(accountId).isEmpty()) {
            throw new Refused(Accounts.unknownAccount(accountId));
        }
        Optional<List<AlertThreshold>> own = alerts.thresholds(accountId);
        return new AccountAlerts(accountId, own.orElse(policy.defaults()), own.isEmpty(), alerts.recent(accountId, limit));
    }
}
