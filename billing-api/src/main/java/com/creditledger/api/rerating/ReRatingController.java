package com.creditledger.api.rerating;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.web.Problems;
import com.creditledger.pricing.PriceCatalog;
import com.creditledger.api.pricing.PricingController;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.security.Principal;
import java.time.Instant;

/**
 * What the period's charges would have cost under a candidate catalog, streamed as NDJSON.
 * <p>
 * Written in the request's own thread rather than as an asynchronous body, so that the permit
 * it takes ends with the request.
 */
@RestController
@Tag(name = "re-rating", description = "What a period's charges would have cost under a candidate price catalog")
@RequestMapping("/api/finance")
public class ReRatingController {

    public static final String INVALID_CATALOG = "INVALID_CATALOG";
    public static final String RE_RATING_BUSY = "RE_RATING_BUSY";

    private final ReRatingPreview preview;
    private final PreviewPermits permits;

    public ReRatingController(ReRatingPreview preview, PreviewPermits permits) {
        this.preview = preview;
        this.permits = permits;
    }

    @PostMapping(value = "/re-rating", consumes = MediaType.APPLICATION_JSON_VALUE)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, description = "the candidate catalog, "
            + "in the format GET /api/pricing answers", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(implementation = PricingController.CatalogView.class)))
    @ApiResponse(responseCode = "200", description = "one JSON object a line, told apart by type; the summary is last",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = ReRatingLine.class)))
    @ApiResponse(responseCode = "422", description = "the body is not a valid price catalog (INVALID_CATALOG)")
    @ApiResponse(responseCode = "503", description = "as many previews as allowed are running (RE_RATING_BUSY); "
            + "try again after Retry-After seconds")
    void reRate(@RequestParam Instant from, @RequestParam Instant to, @RequestBody byte[] catalog, Principal user,
                HttpServletResponse response) throws IOException {
        if (!to.isAfter(from)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "to must be after from");
        }
        PriceCatalog candidate = CandidateCatalog.read(catalog);
        if (!permits.tryAcquire()) {
            throw new Busy();
        }
        try {
            response.setContentType("application/x-ndjson");
            preview.run(from, to, candidate, user.getName(), response.getOutputStream());
        } finally {
            permits.release();
        }
    }

    @ExceptionHandler(Busy.class)
    ResponseEntity<ProblemDetail> busy() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "30")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, RE_RATING_BUSY, null,
                        "as many previews as allowed (billing.re-rating.max-concurrent) are running; try again later"));
    }

    private static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }

    @ExceptionHandler(CandidateCatalog.Invalid.class)
    ResponseEntity<ProblemDetail> invalidCatalog(CandidateCatalog.Invalid e) {
        return Problems.respond(Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, INVALID_CATALOG, e.path, e.getMessage()));
    }
}
