package com.creditledger.api.rerating;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One line of a re-rating preview (NDJSON), named by its {@code type}. Every figure is whole
 * credits; {@code difference} is candidate minus recorded, so a charge the candidate cannot price
 * counts its recorded credits as a loss and is counted in {@code unpriced} as well.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ReRatingLine.Progress.class),
        @JsonSubTypes.Type(ReRatingLine.ToolTotals.class),
        @JsonSubTypes.Type(ReRatingLine.ToolkitTotals.class),
        @JsonSubTypes.Type(ReRatingLine.AccountTotals.class),
        @JsonSubTypes.Type(ReRatingLine.Summary.class),
        @JsonSubTypes.Type(ReRatingLine.Failure.class)
})
public sealed interface ReRatingLine {

    @JsonTypeName("progress")
    record Progress(long charges, long accounts, double seconds, long chargesPerSecond) implements ReRatingLine {
    }

    /**
     * @param toolkit          the toolkit recorded with the charges
     * @param candidateToolkit the candidate catalog's toolkit for the tool, only when it differs
     * @param unpricedReasons  why charges could not be priced ({@code UNKNOWN_TOOL}, {@code INVALID_PARAMS}...), with counts
     */
    @JsonTypeName("tool")
    record ToolTotals(String tool, String toolkit, String candidateToolkit, long charges, long recordedCredits,
                      long candidateCredits, long difference, long unpriced, long unpricedRecordedCredits,
                      Map<String, Long> unpricedReasons) implements ReRatingLine {
    }

    /** Grouped by the toolkit recorded with each charge, so that both sides count the same charges. */
    @JsonTypeName("toolkit")
    record ToolkitTotals(String toolkit, long charges, long recordedCredits, long candidateCredits, long difference,
                         long unpriced, long unpricedRecordedCredits) implements ReRatingLine {
    }

    @JsonTypeName("account")
    record AccountTotals(String accountId, long charges, long recordedCredits, long candidateCredits, long difference,
                         long unpriced, long unpricedRecordedCredits) implements ReRatingLine {
    }

    /** The last line of a complete preview: a stream that ends without it did not finish. */
    @JsonTypeName("summary")
    record Summary(List<String> liveCatalogVersions, String candidateVersion, Instant from, Instant to, long accounts,
                   long charges, long recordedCredits, long candidateCredits, long difference, long unpriced,
                   long unpricedRecordedCredits, List<Unpriced> unpricedReasons) implements ReRatingLine {
    }

    /** Charges refused for one reason, with the first of them, so that someone can look at it. */
    record Unpriced(String reason, long charges, long recordedCredits, Example example) {
    }

    record Example(String accountId, String jobId, String tool, Map<String, Long> params, String message) {
    }

    /** Ends a stream that could not finish (the database failed, say): there is no summary after it. */
    @JsonTypeName("error")
    record Failure(long charges, String message) implements ReRatingLine {
    }
}
