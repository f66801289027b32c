package com.creditledger.api.audit;

import com.creditledger.account.AccountIds;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.store.LongReads;
import com.creditledger.api.web.UnknownAccountException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The auditors' view: from the event store alone, never from a projection. */
@RestController
@Tag(name = "audit", description = "From the event store alone: an account's events, its balance at an instant, "
        + "and the verification of its event chain")
@RequestMapping("/api/audit")
public class AuditController {

    private static final Logger log = LoggerFactory.getLogger(AuditController.class);

    private final AccountAudit audit;
    private final TransactionTemplate readOnly;
    private final ObjectMapper json;

    public AuditController(AccountAudit audit, PlatformTransactionManager transactions, ObjectMapper json) {
        this.audit = audit;
        this.json = json;
        this.readOnly = LongReads.readOnly(transactions);
    }

    @GetMapping("/accounts/{accountId}/events")
    @ApiResponse(responseCode = "200", description = "the account's events, oldest first, in the chosen format",
            content = {@Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(type = "object"))),
                    @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")),
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string"))})
    ResponseEntity<StreamingResponseBody> events(@PathVariable String accountId, @RequestParam(required = false) Instant from,
                             @RequestParam(required = false) Instant to, @RequestParam(required = false) String format,
                             @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        requireKnown(accountId);
        EventExport.Format chosen;
        try {
            chosen = EventExport.Format.of(format, accept);
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "format", "format must be json, ndjson or csv");
        }
        StreamingResponseBody body = out -> readOnly.executeWithoutResult(status -> {
            try (EventExport export = new EventExport(chosen, out)) {
                audit.events(accountId, from, to, export::write);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(chosen.mediaType)).body(body);
    }

    @GetMapping("/accounts/{accountId}/balance")
    AccountAudit.BalanceAsOf balance(@PathVariable String accountId, @RequestParam Instant asOf) {
        requireKnown(accountId);
        return audit.balanceAsOf(accountId, asOf);
    }

    @GetMapping("/accounts/{accountId}/verify")
    AccountAudit.Verification verify(@PathVariable String accountId) {
        requireKnown(accountId);
        return audit.verify(accountId);
    }

    /** Every account, one verification a line (NDJSON), then a summary line; progress goes to the log. */
    @GetMapping(value = "/verify", produces = "application/x-ndjson")
    @ApiResponse(responseCode = "200", description = "one verification a line, then {\"summary\":true,\"accounts\":N,\"failed\":N}",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = AccountAudit.Verification.class)))
    StreamingResponseBody verifyAll() {
        return out -> {
            AtomicLong checked = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            long started = System.nanoTime();
            readOnly.executeWithoutResult(status -> audit.accounts(accountId -> {
                AccountAudit.Verification verification = audit.verify(accountId);
                if (!verification.ok()) {
                    failed.incrementAndGet();
                }
                try {
                    out.write(json.writeValueAsBytes(verification));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (checked.incrementAndGet() % 1000 == 0) {
                    log.info("Fleet verification: {} accounts checked, {} with problems, {} accounts/s", checked.get(), failed.get(),
                            checked.get() * 1_000_000_000L / Math.max(1, System.nanoTime() - started));
                }
            }));
            String summary = "{\"summary\":true,\"accounts\":" + checked.get() + ",\"failed\":" + failed.get() + "}\n";
            out.write(summary.getBytes(StandardCharsets.UTF_8));
            log.info("Fleet verification done: {} accounts, {} with problems", checked.get(), failed.get());
        };
    }

    private void requireKnown(String accountId) {
        AccountIds.requireAccountId(accountId);
        if (!audit.exists(accountId)) {
            throw new UnknownAccountException(accountId);
        }
    }
}
