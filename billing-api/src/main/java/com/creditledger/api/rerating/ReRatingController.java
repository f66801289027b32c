package com.creditledger.api.rerating;

import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.web.Problems;
import com.creditledger.pricing.PriceCatalog;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
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

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * What the period's charges would have cost under a candidate catalog, streamed as NDJSON.
 * <p>
 * Written in the request's own thread rather than as an asynchronous body: the servlet
 * container ends asynchronous requests after 30 s, and a million charges take longer.
 */
@RestController
@RequestMapping("/api/finance")
public class ReRatingController {

    static final String INVALID_CATALOG = "INVALID_CATALOG";
    static final String NDJSON = "application/x-ndjson";

    private final ReRatingPreview preview;

    public ReRatingController(ReRatingPreview preview) {
        this.preview = preview;
    }

    @PostMapping(value = "/re-rating", consumes = MediaType.APPLICATION_JSON_VALUE)
    void reRate(@RequestParam Instant from, @RequestParam Instant to, @RequestBody byte[] catalog, Principal user,
                HttpServletResponse response) throws IOException {
        if (!to.isAfter(from)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "to must be after from");
        }
        PriceCatalog candidate = read(catalog);
        response.setContentType(NDJSON);
        preview.run(from, to, candidate, user.getName(), response.getOutputStream());
    }

    private static PriceCatalog read(byte[] catalog) {
        try {
            return PriceCatalog.read(new ByteArrayInputStream(catalog));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()))
                    .collect(Collectors.joining("."));
            // A rule's own check (a negative price, say) says best what is wrong; Jackson's wrapper names classes.
            String message = e.getCause() instanceof IllegalArgumentException cause ? cause.getMessage() : e.getOriginalMessage();
            throw new InvalidCatalog(path.isEmpty() ? null : path, message + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new InvalidCatalog(null, e.getOriginalMessage() + at(e.getLocation()));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidCatalog(null, e.getMessage());
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static final class InvalidCatalog extends RuntimeException {
        final String field;

        InvalidCatalog(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    @ExceptionHandler(InvalidCatalog.class)
    ResponseEntity<ProblemDetail> invalidCatalog(InvalidCatalog e) {
        return Problems.respond(Problems.problem(HttpStatus.UNPROCESSABLE_ENTITY, INVALID_CATALOG, e.field,
                "not a price catalog: " + e.getMessage()));
    }
}
