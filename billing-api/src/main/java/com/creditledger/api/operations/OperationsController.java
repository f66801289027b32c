package com.creditledger.api.operations;

import com.creditledger.account.RejectionReason;
import com.creditledger.api.web.Problems;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Projection rebuilds for operators, while the service keeps answering. */
@RestController
@Tag(name = "operations", description = "Projection rebuilds, while the service keeps answering")
@RequestMapping("/api/operations/projections")
public class OperationsController {

    private final ProjectionRebuilds rebuilds;

    public OperationsController(ProjectionRebuilds rebuilds) {
        this.rebuilds = rebuilds;
    }

    @GetMapping
    List<ProjectionRebuilds.Progress> progress() {
        return rebuilds.progress();
    }

    @GetMapping("/{projection}")
    ProjectionRebuilds.Progress progress(@PathVariable String projection) {
        return rebuilds.progress(projection);
    }

    @PostMapping("/{projection}/rebuild")
    ResponseEntity<ProjectionRebuilds.Progress> rebuild(@PathVariable String projection) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(rebuilds.rebuild(projection));
    }

    @ExceptionHandler(ProjectionRebuilds.HeldElsewhere.class)
    ResponseEntity<ProblemDetail> heldElsewhere(ProjectionRebuilds.HeldElsewhere e) {
        return Problems.respond(Problems.problem(HttpStatus.CONFLICT, RejectionReason.INVALID_REQUEST, "projection", e.getMessage()));
    }

    @ExceptionHandler(ProjectionRebuilds.UnknownProjection.class)
    ResponseEntity<ProblemDetail> unknown(ProjectionRebuilds.UnknownProjection e) {
        return Problems.respond(Problems.problem(HttpStatus.NOT_FOUND, RejectionReason.INVALID_REQUEST, "projection", e.getMessage()));
    }
}
