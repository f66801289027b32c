package com.creditledger.api.account;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.ConfigureBalanceAlerts;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountIds;
import com.creditledger.account.Accounts;
import com.creditledger.account.CommandResult;
import com.creditledger.api.account.AccountRequests.AlertThresholdsRequest;
import com.creditledger.api.account.AccountRequests.CaptureRequest;
import com.creditledger.api.account.AccountRequests.ChargeRequest;
import com.creditledger.api.account.AccountRequests.HoldRequest;
import com.creditledger.api.account.AccountRequests.OpenAccountRequest;
import com.creditledger.api.account.AccountRequests.RefundRequest;
import com.creditledger.api.account.AccountRequests.ReleaseRequest;
import com.creditledger.api.account.AccountRequests.RenewalRequest;
import com.creditledger.api.account.AccountRequests.TopUpRequest;
import com.creditledger.api.web.Refused;
import com.creditledger.projection.balance.AccountBalance;
import com.creditledger.projection.balance.Balances;
import com.creditledger.projection.balance.OpenHolds;
import com.creditledger.projection.balance.OpenHolds.AccountHolds;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import static com.creditledger.api.account.AccountRequests.credits;
import static com.creditledger.api.account.AccountRequests.thresholds;

/**
 * Commands to accounts over HTTP, with the same rules and results as over Kafka. The answer is JSON:
 * a request that does not accept it is refused before its command runs, not after.
 */
@RestController
@Tag(name = "accounts", description = "Open accounts, grant credits (renewals, top-ups, refunds), charge and hold jobs, "
        + "set alert thresholds; read balances and open holds")
@RequestMapping(path = "/api/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
public class AccountController {

    private final Accounts accounts;
    private final Balances balances;
    private final OpenHolds openHolds;

    public AccountController(Accounts accounts, Balances balances, OpenHolds openHolds) {
        this.accounts = accounts;
        this.balances = balances;
        this.openHolds = openHolds;
    }

    @PostMapping
    ResponseEntity<CommandResult> open(@RequestBody OpenAccountRequest request) {
        CommandResult result = accounts.handle(new OpenAccount(request.accountId()));
        if (result.isAccepted() && !result.duplicate()) {
            return ResponseEntity.status(HttpStatus.CREATED).body(result);
        }
        return respond(result);
    }

    @PostMapping("/{accountId}/renewals")
    ResponseEntity<CommandResult> renew(@PathVariable String accountId, @RequestBody RenewalRequest request) {
        return send(new RenewSubscription(accountId, request.plan(), credits(request.monthlyCredits(), "monthlyCredits"),
                request.periodStart(), request.periodEnd()));
    }

    @PostMapping("/{accountId}/top-ups")
    ResponseEntity<CommandResult> topUp(@PathVariable String accountId, @RequestBody TopUpRequest request) {
        return send(new TopUp(accountId, request.paymentId(), credits(request.credits(), "credits"), request.packageId()));
    }

    @PostMapping("/{accountId}/charges")
    ResponseEntity<CommandResult> charge(@PathVariable String accountId, @RequestBody ChargeRequest request) {
        return send(new ChargeJob(accountId, request.jobId(), request.tool(), request.params()));
    }

    @PostMapping("/{accountId}/refunds")
    ResponseEntity<CommandResult> refund(@PathVariable String accountId, @RequestBody RefundRequest request) {
        return send(new RefundJob(accountId, request.jobId(), request.reason()));
    }

    @PostMapping("/{accountId}/holds")
    ResponseEntity<CommandResult> reserve(@PathVariable String accountId, @RequestBody HoldRequest request) {
        return send(new ReserveCredits(accountId, request.jobId(), request.tool(), request.params(), request.expiresAt()));
    }

    /** The body is optional: without final params the job is charged what was held. */
    @PostMapping("/{accountId}/holds/{jobId}/capture")
    ResponseEntity<CommandResult> capture(@PathVariable String accountId, @PathVariable String jobId,
                                          @RequestBody(required = false) CaptureRequest request) {
        return send(new CaptureCharge(accountId, jobId, request == null ? null : request.params()));
    }

    @PostMapping("/{accountId}/holds/{jobId}/release")
    ResponseEntity<CommandResult> release(@PathVariable String accountId, @PathVariable String jobId,
                                          @RequestBody ReleaseRequest request) {
        return send(new ReleaseHold(accountId, jobId, request.reason()));
    }

    @PutMapping("/{accountId}/alert-thresholds")
    ResponseEntity<CommandResult> configureAlerts(@PathVariable String accountId, @RequestBody AlertThresholdsRequest request) {
        return send(new ConfigureBalanceAlerts(accountId, thresholds(request.thresholds())));
    }

    /** The account follows the service's default thresholds again. */
    @DeleteMapping("/{accountId}/alert-thresholds")
    ResponseEntity<CommandResult> defaultAlerts(@PathVariable String accountId) {
        return send(new ConfigureBalanceAlerts(accountId, null));
    }

    @GetMapping("/{accountId}/balance")
    AccountBalance balance(@PathVariable String accountId) {
        AccountIds.requireAccountId(accountId);
        return balances.find(accountId).orElseThrow(() -> new Refused(Accounts.unknownAccount(accountId)));
    }

    /** Of an account that exists: no holds and no account are different answers. */
    @GetMapping("/{accountId}/holds")
    AccountHolds holds(@PathVariable String accountId) {
        balance(accountId);
        return openHolds.of(accountId);
    }

    private ResponseEntity<CommandResult> send(AccountCommand command) {
        return respond(accounts.handle(command));
    }

    private static ResponseEntity<CommandResult> respond(CommandResult result) {
        if (!result.isAccepted()) {
            throw new Refused(result);
        }
        return ResponseEntity.ok(result);
    }
}
