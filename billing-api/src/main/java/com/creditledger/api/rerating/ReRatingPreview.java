package com.creditledger.api.rerating;

import com.creditledger.api.rerating.ReRatingLine.Failure;
import com.creditledger.api.rerating.ReRatingLine.Progress;
import com.creditledger.api.rerating.ReRatingLine.Summary;
import com.creditledger.api.store.LongReads;
import com.creditledger.pricing.PriceCatalog;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Runs a re-rating preview: reads the period's recorded charges in one read-only transaction,
 * folds them through the candidate catalog and writes NDJSON as it goes: account lines and a
 * progress line every {@value #PROGRESS_EVERY} charges while reading, then the tool and toolkit
 * lines and the summary. Changes nothing, so it can be run at any time, as often as wanted.
 */
@Component
public class ReRatingPreview {

    static final int PROGRESS_EVERY = 100_000;
    private static final Logger log = LoggerFactory.getLogger(ReRatingPreview.class);
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;

    private final RecordedCharges charges;
    private final TransactionTemplate readOnly;
    private final ObjectWriter lines;

    public ReRatingPreview(RecordedCharges charges, PlatformTransactionManager transactions, ObjectMapper json) {
        this.charges = charges;
        this.readOnly = LongReads.readOnly(transactions);
        // Flushing is for progress lines only: a flush per line would be a network write per account.
        this.lines = json.writerFor(ReRatingLine.class).without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    /**
     * Writes the preview to {@code out}. A failure after the stream began cannot change the HTTP
     * status any more, so it ends the stream with an error line (and no summary) instead.
     *
     * @return the summary, or null when the preview did not finish
     */
    public Summary run(Instant from, Instant to, PriceCatalog candidate, String requestedBy, OutputStream out) throws IOException {
        log.atInfo().addKeyValue("reRating.from", from).addKeyValue("reRating.to", to)
                .addKeyValue("reRating.candidateVersion", candidate.version()).addKeyValue("reRating.user", requestedBy)
                .log("Re-rating preview of [{}, {}) through candidate catalog {} for {}", from, to, candidate.version(), requestedBy);
        // Not closed: the stream is the container's, and after a client went away closing would only fail again.
        JsonGenerator generator = lines.createGenerator(out);
        generator.setRootValueSeparator(null);
        Writer writer = new Writer(generator);
        Run run = new Run(new ReRating(candidate, writer::write), writer, from, to);
        try {
            Summary summary = readOnly.execute(status -> run.all());
            writer.flush();
            return summary;
        } catch (ClientGone e) {
            log.warn("Re-rating preview of [{}, {}) abandoned after {} charges: the client went away", from, to, run.fold.charges());
            return null;
        } catch (RuntimeException e) {
            log.error("Re-rating preview of [{}, {}) failed after {} charges", from, to, run.fold.charges(), e);
            writer.end(new Failure(run.fold.charges(), e.getClass().getSimpleName() + ": " + e.getMessage()));
            return null;
        }
    }

    /** One preview in progress: the fold, and when to say how far it got. */
    private final class Run {
        final ReRating fold;
        final Writer writer;
        final Instant from;
        final Instant to;
        final long started = System.nanoTime();
        long nextLog = started + LOG_EVERY_NANOS;

        Run(ReRating fold, Writer writer, Instant from, Instant to) {
            this.fold = fold;
            this.writer = writer;
            this.from = from;
            this.to = to;
        }

        Summary all() {
            charges.read(from, to, this::add);
            List<ReRatingLine> results = fold.finish(from, to);
            results.forEach(writer::write);
            Summary summary = (Summary) results.get(results.size() - 1);
            log.atInfo().addKeyValue("reRating.charges", summary.charges()).addKeyValue("reRating.seconds", seconds())
                    .addKeyValue("reRating.difference", summary.difference()).addKeyValue("reRating.unpriced", summary.unpriced())
                    .log("Re-rating preview of [{}, {}) done: {} charges of {} accounts in {} s, difference {} credits, {} unpriced",
                            from, to, summary.charges(), summary.accounts(), String.format(Locale.ROOT, "%.1f", seconds()),
                            summary.difference(), summary.unpriced());
            return summary;
        }

        void add(RecordedCharge charge) {
            fold.add(charge);
            long count = fold.charges();
            if (count % PROGRESS_EVERY == 0) {
                writer.write(new Progress(count, fold.accounts(), seconds(), perSecond(count)));
                writer.flush();
            }
            if (count % 1024 == 0 && System.nanoTime() >= nextLog) {
                nextLog = System.nanoTime() + LOG_EVERY_NANOS;
                log.atInfo().addKeyValue("reRating.charges", count).addKeyValue("reRating.chargesPerSecond", perSecond(count))
                        .log("Re-rating preview of [{}, {}): {} charges read, {} charges/s", from, to, count, perSecond(count));
            }
        }

        /** To the millisecond. */
        double seconds() {
            return (System.nanoTime() - started) / 1_000_000 / 1e3;
        }

        long perSecond(long count) {
            return (long) (count / Math.max(seconds(), 1e-9));
        }
    }

    /** NDJSON onto the response; a failed write means the client has gone, which is no error of ours. */
    private final class Writer {
        final JsonGenerator generator;

        Writer(JsonGenerator generator) {
            this.generator = generator;
        }

        void write(ReRatingLine line) {
            try {
                lines.writeValue(generator, line);
                generator.writeRaw('\n');
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        void flush() {
            try {
                generator.flush();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        /** The last line, if anyone is still listening: the failure is logged either way. */
        void end(Failure failure) {
            try {
                write(failure);
                flush();
            } catch (ClientGone e) {
                log.debug("The client went away before the error line", e);
            }
        }
    }

    private static final class ClientGone extends UncheckedIOException {
        ClientGone(IOException cause) {
            super(cause);
        }
    }
}
