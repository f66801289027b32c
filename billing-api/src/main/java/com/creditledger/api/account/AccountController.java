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
import com.creditledger.api.web.Problems;
import com.creditledger.projection.balance.Balances;
import com.creditledger.projection.balance.OpenHolds;
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
import static com.creditledger.api.account.AccountRequests.required;
import static com.creditledger.api.account.AccountRequests.thresholds;

/**
 * Commands to accounts over HTTP, with the same rules and results as over Kafka. The answer is JSON:
 * a request that does not accept it is refused before its command runs, not after.
 */
@RestController
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
    ResponseEntity<?> open(@RequestBody(required = false) OpenAccountRequest request) {
        CommandResult result = accounts.handle(new OpenAccount(required(request).accountId()));
        if (result.isAccepted() && !result.duplicate()) {
            return ResponseEntity.status(HttpStatus.CREATED).body(result);
        }
        return respond(result);
    }

    @PostMapping("/{accountId}/renewals")
    ResponseEntity<?> renew(@PathVariable String accountId, @RequestBody(required = false) RenewalRequest request) {
        required(request);
        return send(new RenewSubscription(accountId, request.plan(), credits(request.monthlyCredits(), "monthlyCredits"),
                request.periodStart(), request.periodEnd()));
    }

    @PostMapping("/{accountId}/top-ups")
    ResponseEntity<?> topUp(@PathVariable String accountId, @RequestBody(required = false) TopUpRequest request) {
        required(request);
        return send(new TopUp(accountId, request.paymentId(), credits(request.credits(), "credits"), request.packageId()));
    }

    @PostMapping("/{accountId}/charges")
    ResponseEntity<?> charge(@PathVariable String accountId, @RequestBody(required = false) ChargeRequest request) {
        required(request);
        return send(new ChargeJob(accountId, request.jobId(), request.tool(), request.params()));
    }

    @PostMapping("/{accountId}/refunds")
    ResponseEntity<?> refund(@PathVariable String accountId, @RequestBody(required = false) RefundRequest request) {
        required(request);
        return send(new RefundJob(accountId, request.jobId(), request.reason()));
    }

    @PostMapping("/{accountId}/holds")
    ResponseEntity<?> reserve(@PathVariable String accountId, @RequestBody(required = false) HoldRequest request) {
        required(request);
        return send(new ReserveCredits(accountId, request.jobId(), request.tool(), request.params(), request.expiresAt()));
    }

    /** The body is optional: without final params the job is charged what was held. */
    @PostMapping("/{accountId}/holds/{jobId}/capture")
    ResponseEntity<?> capture(@PathVariable String accountId, @PathVariable String jobId,
                              @RequestBody(required = false) CaptureRequest request) {
        return send(new CaptureCharge(accountId, jobId, request == null ? null : request.params()));
    }

    @PostMapping("/{accountId}/holds/{jobId}/release")
    ResponseEntity<?> release(@PathVariable String accountId, @PathVariable String jobId,
                              @RequestBody(required = false) ReleaseRequest request) {
        required(request);
        return send(new ReleaseHold(accountId, jobId, request.reason()));
    }

    @PutMapping("/{accountId}/alert-thresholds")
    ResponseEntity<?> configureAlerts(@PathVariable String accountId,
                                      @RequestBody(required = false) AlertThresholdsRequest request) {
        required(request);
        return send(new ConfigureBalanceAlerts(accountId, thresholds(request.thresholds())));
    }

    /** The account follows the service's default thresholds again. */
    @DeleteMapping("/{accountId}/alert-thresholds")
    ResponseEntity<?> defaultAlerts(@PathVariable String accountId) {
        return send(new ConfigureBalanceAlerts(accountId, null));
    }

    @GetMapping("/{accountId}/balance")
    ResponseEntity<?> balance(@PathVariable String accountId) {
        AccountIds.requireAccountId(accountId);
        return balances.find(accountId)
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> Problems.rejected(Accounts.unknownAccount(accountId)));
    }

    @GetMapping("/{accountId}/holds")
    ResponseEntity<?> holds(@PathVariable String accountId) {
        AccountIds.requireAccountId(accountId);
        return balances.find(accountId)
                .<ResponseEntity<?>>map(balance -> ResponseEntity.ok(openHolds.of(accountId)))
                .orElseGet(() -> Problems.rejected(Accounts.unknownAccount(accountId)));
    }

    private ResponseEntity<?> send(AccountCommand command) {
        return respond(accounts.handle(command));
    }

    private static ResponseEntity<?> respond(CommandResult result) {
        return result.isAccepted() ? ResponseEntity.ok(result) : Problems.rejected(result);
    }
}
