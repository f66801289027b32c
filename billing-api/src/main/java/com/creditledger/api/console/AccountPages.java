package com.creditledger.api.console;

import com.creditledger.account.AlertPolicy;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.accountlist.AccountListController;
import com.creditledger.api.audit.AccountAudit;
import com.creditledger.api.audit.AccountAudit.BalancePoint;
import com.creditledger.api.export.ExportFormat;
import com.creditledger.api.export.Exports;
import com.creditledger.api.usage.UsageRequests;
import com.creditledger.api.web.UnknownAccountException;
import com.creditledger.pricing.Toolkit;
import com.creditledger.projection.alert.BalanceAlerts;
import com.creditledger.projection.balance.AccountBalance;
import com.creditledger.projection.balance.Balances;
import com.creditledger.projection.balance.OpenHolds;
import com.creditledger.projection.usage.UsageFilter;
import com.creditledger.projection.usage.UsageHistory;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** The accounts list and one account's page, from the same queries as the API's. */
@Controller
public class AccountPages {

    static final int PAGE_SIZE = 25;
    /** The auditor's table shows the latest events; the whole history is the API's export. */
    static final int HISTORY_ROWS = 100;

    private final Balances balances;
    private final OpenHolds holds;
    private final BalanceAlerts alerts;
    private final AlertPolicy alertPolicy;
    private final UsageHistory usage;
    private final AccountAudit audit;
    private final Exports exports;
    private final Charts charts;

    public AccountPages(Balances balances, OpenHolds holds, BalanceAlerts alerts, AlertPolicy alertPolicy, UsageHistory usage,
                        AccountAudit audit, Exports exports, Charts charts) {
        this.balances = balances;
        this.holds = holds;
        this.alerts = alerts;
        this.alertPolicy = alertPolicy;
        this.usage = usage;
        this.audit = audit;
        this.exports = exports;
        this.charts = charts;
    }

    @GetMapping("/console/accounts")
    String accounts(@RequestParam(defaultValue = "") String prefix, @RequestParam(defaultValue = "0") int page,
                    Authentication user, Model model) {
        UsageRequests.pageAndSize(page, PAGE_SIZE);
        model.addAttribute("viewer", Viewer.of(user));
        model.addAttribute("prefix", prefix);
        model.addAttribute("accounts", balances.page(AccountListController.requirePrefix(prefix), page, PAGE_SIZE));
        return "console/accounts";
    }

    @GetMapping("/console/accounts/{accountId}")
    String account(@PathVariable String accountId, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String until, @RequestParam(required = false) String toolkit,
                   @RequestParam(required = false) String tool, @RequestParam(defaultValue = "0") int page,
                   Authentication user, Model model, HttpServletResponse response) {
        Viewer viewer = Viewer.of(user);
        UsageFilter filter = UsageRequests.filter(accountId, day(from, "from"), dayAfter(until), blankAsNull(toolkit),
                blankAsNull(tool), page, PAGE_SIZE);
        model.addAttribute("viewer", viewer);
        model.addAttribute("accountId", accountId);
        Optional<AccountBalance> balance = balances.find(accountId);
        if (balance.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "console/unknown-account";
        }
        model.addAttribute("balance", balance.get());
        model.addAttribute("holds", holds.of(accountId).holds());
        Optional<List<AlertThreshold>> own = alerts.thresholds(accountId);
        model.addAttribute("thresholds", own.orElse(alertPolicy.defaults()));
        model.addAttribute("defaultThresholds", own.isEmpty());
        model.addAttribute("alerts", alerts.recent(accountId, 20));
        if (viewer.readsUsage()) {
            model.addAttribute("filter", filter);
            model.addAttribute("from", from);
            model.addAttribute("until", until);
            model.addAttribute("toolkits", Arrays.stream(Toolkit.values()).map(Toolkit::id).toList());
            model.addAttribute("usage", usage.find(filter));
            List<BalancePoint> history = audit.balanceHistory(accountId, null, null);
            model.addAttribute("balanceChart", charts.balance(history));
            if (viewer.audits()) {
                List<BalancePoint> latest = new ArrayList<>(history.subList(Math.max(0, history.size() - HISTORY_ROWS), history.size()));
                Collections.reverse(latest);
                model.addAttribute("history", latest);
                model.addAttribute("verification", audit.verify(accountId));
            }
        }
        return "console/account";
    }

    @GetMapping("/console/accounts/{accountId}/usage/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable String accountId, @RequestParam(required = false) String from,
                             @RequestParam(required = false) String until, @RequestParam(required = false) String toolkit,
                             @RequestParam(required = false) String tool, @RequestParam(defaultValue = "csv") String format) {
        UsageFilter filter = UsageRequests.filter(accountId, day(from, "from"), dayAfter(until), blankAsNull(toolkit),
                blankAsNull(tool), 0, 1);
        ExportFormat chosen = ExportFormat.of(format);
        if (balances.find(accountId).isEmpty()) {
            throw new UnknownAccountException(accountId);
        }
        return exports.accountUsage(filter, chosen);
    }

    /** The start of a UTC day given as 2026-11-01; the page's period is whole days. */
    private static Instant day(String date, String field) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field, field + " must be a date such as 2026-11-01");
        }
    }

    /** "Until" a day includes it: the period ends when the next day starts. */
    private static Instant dayAfter(String date) {
        Instant start = day(date, "until");
        return start == null ? null : start.plus(Duration.ofDays(1));
    }

    private static String blankAsNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
