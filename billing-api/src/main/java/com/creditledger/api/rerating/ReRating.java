package com.creditledger.api.rerating;

import com.creditledger.api.rerating.ReRatingLine.AccountTotals;
import com.creditledger.api.rerating.ReRatingLine.Example;
import com.creditledger.api.rerating.ReRatingLine.Summary;
import com.creditledger.api.rerating.ReRatingLine.ToolTotals;
import com.creditledger.api.rerating.ReRatingLine.ToolkitTotals;
import com.creditledger.api.rerating.ReRatingLine.Unpriced;
import com.creditledger.pricing.InvalidParamsException;
import com.creditledger.pricing.PriceCatalog;
import com.creditledger.pricing.Quote;
import com.creditledger.pricing.UnknownToolException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The fold of recorded charges through a candidate catalog into totals per tool, toolkit and
 * account. No I/O and no clock, so it is tested on its own.
 * <p>
 * Charges must arrive grouped by account, in ascending account id order: only the current
 * account's totals are held, and its line is handed on as soon as the next account starts. A
 * million accounts thus cost no memory; tools, toolkits and reasons are few.
 */
final class ReRating {

    static final String UNKNOWN_TOOL = "UNKNOWN_TOOL";
    static final String INVALID_PARAMS = "INVALID_PARAMS";
    static final String PRICE_OVERFLOW = "PRICE_OVERFLOW";

    private final PriceCatalog candidate;
    private final Consumer<AccountTotals> accounts;
    private final Map<String, ToolTally> tools = new TreeMap<>();
    private final Map<String, Tally> toolkits = new TreeMap<>();
    private final Map<String, ReasonTally> reasons = new TreeMap<>();
    private final TreeSet<String> liveVersions = new TreeSet<>();
    private final Tally total = new Tally();
    private String account;
    private Tally accountTally;
    private long accountCount;

    ReRating(PriceCatalog candidate, Consumer<AccountTotals> accounts) {
        this.candidate = candidate;
        this.accounts = accounts;
    }

    void add(RecordedCharge charge) {
        startAccount(charge.accountId());
        if (charge.catalogVersion() != null) {
            liveVersions.add(charge.catalogVersion());
        }
        ToolTally tool = tools.computeIfAbsent(charge.tool(), id -> new ToolTally(charge.toolkit()));
        Tally toolkit = toolkits.computeIfAbsent(charge.toolkit(), id -> new Tally());
        Rated rated = rate(charge);
        Tally[] tallies = {tool.totals, toolkit, accountTally, total};
        if (rated.reason == null) {
            tool.candidateToolkit = rated.toolkit;
            for (Tally tally : tallies) {
                tally.priced(charge.credits(), rated.credits);
            }
            return;
        }
        for (Tally tally : tallies) {
            tally.unpriced(charge.credits());
        }
        tool.reasons.merge(rated.reason, 1L, Long::sum);
        reasons.computeIfAbsent(rated.reason, reason -> new ReasonTally(new Example(charge.accountId(), charge.jobId(),
                charge.tool(), charge.params(), rated.message))).add(charge.credits());
    }

    long charges() {
        return total.charges;
    }

    long accounts() {
        return accountCount;
    }

    /** Hands on the last account's line and gives the rest, in the order they are reported. */
    List<ReRatingLine> finish(Instant from, Instant to) {
        startAccount(null);
        List<ReRatingLine> lines = new ArrayList<>();
        tools.forEach((id, tool) -> lines.add(tool.line(id)));
        toolkits.forEach((id, tally) -> lines.add(new ToolkitTotals(id, tally.charges, tally.recorded, tally.candidate,
                tally.difference(), tally.unpriced, tally.unpricedRecorded)));
        List<Unpriced> unpriced = new ArrayList<>();
        reasons.forEach((reason, tally) -> unpriced.add(new Unpriced(reason, tally.charges, tally.recorded, tally.example)));
        lines.add(new Summary(List.copyOf(liveVersions), candidate.version(), from, to, accountCount, total.charges,
                total.recorded, total.candidate, total.difference(), total.unpriced, total.unpricedRecorded, unpriced));
        return lines;
    }

    private void startAccount(String next) {
        if (next != null && next.equals(account)) {
            return;
        }
        if (next != null && account != null && next.compareTo(account) < 0) {
            // An account seen again would be reported twice, each time with part of its charges.
            throw new IllegalStateException("charges are not in account order: " + next + " after " + account);
        }
        if (account != null) {
            accounts.accept(new AccountTotals(account, accountTally.charges, accountTally.recorded, accountTally.candidate,
                    accountTally.difference(), accountTally.unpriced, accountTally.unpricedRecorded));
        }
        account = next;
        accountTally = new Tally();
        if (next != null) {
            accountCount++;
        }
    }

    private Rated rate(RecordedCharge charge) {
        try {
            Quote quote = candidate.quote(charge.tool(), charge.params());
            return new Rated(quote.credits().amount(), quote.toolkit().id(), null, null);
        } catch (UnknownToolException e) {
            return new Rated(0, null, UNKNOWN_TOOL, e.getMessage());
        } catch (InvalidParamsException e) {
            return new Rated(0, null, INVALID_PARAMS, e.getMessage());
        } catch (ArithmeticException e) {
            return new Rated(0, null, PRICE_OVERFLOW, "the candidate price does not fit in a long");
        }
    }

    private record Rated(long credits, String toolkit, String reason, String message) {
    }

    /** Sums that fail rather than wrap: a total that overflowed would be a wrong figure, not a big one. */
    private static final class Tally {
        long charges;
        long recorded;
        long candidate;
        long unpriced;
        long unpricedRecorded;

        void priced(long recordedCredits, long candidateCredits) {
            charges++;
            recorded = Math.addExact(recorded, recordedCredits);
            candidate = Math.addExact(candidate, candidateCredits);
        }

        void unpriced(long recordedCredits) {
            charges++;
            unpriced++;
            recorded = Math.addExact(recorded, recordedCredits);
            unpricedRecorded = Math.addExact(unpricedRecorded, recordedCredits);
        }

        long difference() {
            return Math.subtractExact(candidate, recorded);
        }
    }

    private static final class ToolTally {
        final String toolkit;
        final Tally totals = new Tally();
        final Map<String, Long> reasons = new TreeMap<>();
        String candidateToolkit;

        ToolTally(String toolkit) {
            this.toolkit = toolkit;
        }

        ToolTotals line(String tool) {
            return new ToolTotals(tool, toolkit, toolkit.equals(candidateToolkit) ? null : candidateToolkit, totals.charges,
                    totals.recorded, totals.candidate, totals.difference(), totals.unpriced, totals.unpricedRecorded,
                    Collections.unmodifiableMap(reasons));
        }
    }

    private static final class ReasonTally {
        final Example example;
        long charges;
        long recorded;

        ReasonTally(Example example) {
            this.example = example;
        }

        void add(long recordedCredits) {
            charges++;
            recorded = Math.addExact(recorded, recordedCredits);
        }
    }
}
