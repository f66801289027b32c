package com.creditledger.account;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CaptureRejected;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.ReservationRejected;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.CommandResult.Status;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.PriceCatalog;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.NoCache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.annotation.ClasspathHandlerDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiParameterResolverFactory;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.messaging.annotation.SimpleResourceParameterResolverFactory;
import org.axonframework.modelling.command.AggregateAnnotationCommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.test.deadline.ScheduledDeadlineInfo;
import org.axonframework.test.deadline.StubDeadlineManager;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories of commands and passing time, run through Axon's own command bus, event-sourcing repository and
 * event store against the real {@link CreditAccount}, and compared after every step with {@link ReferenceLedger}: a
 * plain-Java ledger written from shared/pricing.md and the account's rules, sharing no code with the aggregate.
 * <p>
 * Deadlines come from a {@link StubDeadlineManager} moved together with the clock, so a history is fully determined
 * by jqwik's seed; a failure prints the seed, the shrunk history and every answer the account gave on the way.
 * <p>
 * Answers are held to the rules exactly: what they show is what can be spent and what is held at the clock's time.
 * The stored events cannot always say that on their own, because the end of a cycle, and of a hold past its expiry,
 * is recorded only when its deadline fires or a command moves credits; until then the events still hold the ended
 * cycle's credits and the expired hold. So the events are checked twice, and neither check forgives a wrong event:
 * their sum must equal what the reference ledger says has been recorded, unrecorded ends included (see
 * {@link ReferenceAccount#unrecorded}), and the same sum read at the clock's time, those ends applied, must equal the
 * balance the account shows.
 */
class CreditAccountProperties {

    /** Periods are calendar months from here, like the billing system's. */
    private static final Instant FIRST_PERIOD = Instant.parse("2026-11-01T00:00:00Z");
    /** Mid-period, so that a history does not begin on a cycle boundary. */
    private static final Instant START = FIRST_PERIOD.plus(Duration.ofDays(2));
    private static final String ACCOUNT = "acc-1";
    /** Uses the same job, payment and period keys as {@link #ACCOUNT}, so a leak between accounts shows. */
    private static final String BYSTANDER = "acc-2";
    private static final List<String> ACCOUNTS = List.of(ACCOUNT, BYSTANDER);
    private static final PriceCatalog CATALOG = PriceCatalog.standard();
    /** Alerts have a property of their own; elsewhere they would only add events to every comparison. */
    private static final AlertPolicy NO_ALERTS = new AlertPolicy(List.of());
    /**
     * The standard durations, but at most three open holds: the few job ids of a history never reach the standard
     * limit, and an account at its limit is a case of its own.
     */
    private static final HoldPolicy HOLDS = new HoldPolicy(Duration.ofHours(1), Duration.ofDays(7), 3);

    /** Full shrinking: a history that crosses period ends only shrinks to its few essential steps given the time. */
    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void every_answer_and_every_balance_follows_the_rules(@ForAll("histories") List<Step> history) {
        try (Ledger ledger = Ledger.replayingEveryCommand(NO_ALERTS)) {
            ReferenceLedger reference = new ReferenceLedger();
            Trace trace = new Trace(history);
            for (Step step : history) {
                if (step instanceof TimeStep time) {
                    passTime(ledger, reference, trace, time);
                } else {
                    AccountCommand command = ledger.resolve((CommandStep) step);
                    if (command == null) {
                        trace.add(step + " -> nothing sent yet");
                    } else {
                        sendAndCompare(ledger, reference, trace, command);
                    }
                }
            }
        }
    }

    /**
     * The live account below is kept in a cache across commands, so it is only ever built by applying events as they
     * happen; the replaying ledger builds it from the stored stream for every command. Any state an event-sourcing
     * handler misses, or a command handler sets on its own, makes them drift apart.
     */
    @Property(tries = 250)
    void an_account_rebuilt_from_its_events_has_the_balance_of_the_live_one(@ForAll("histories") List<Step> history) {
        try (Ledger live = Ledger.keepingAccountsInMemory();
             Ledger replaying = live.replayingFromTheSameStore()) {
            Trace trace = new Trace(history);
            for (Step step : history) {
                if (step instanceof TimeStep time) {
                    Instant target = live.targetOf(time);
                    live.advanceTo(target, time.deadlinesFire());
                    trace.add(step + " -> now " + target);
                } else {
                    AccountCommand command = live.resolve((CommandStep) step);
                    trace.add(command == null ? step + " -> nothing sent yet" : command + " -> " + live.send(command));
                }
                for (String account : ACCOUNTS) {
                    if (live.events(account).isEmpty()) {
                        continue;
                    }
                    // A repeated OpenAccount is the one command that only reports: it reads the balance and changes nothing.
                    Balance liveBalance = live.send(new OpenAccount(account)).result().balance();
                    Balance replayedBalance = replaying.send(new OpenAccount(account)).result().balance();
                    assertThat(replayedBalance).as(trace.failure("replayed balance of " + account)).isEqualTo(liveBalance);
                    assertThat(fold(live.events(account), live.clock.instant(), trace).shown())
                            .as(trace.failure("folded events of " + account + " read at the clock's time")).isEqualTo(liveBalance);
                }
            }
        }
    }

    /**
     * The service's standard alerts, against the balances the account shows: an alert is recorded exactly when the
     * spendable balance falls to zero or across a fifth of the running cycle's allocation. Here the scheduler keeps up
     * and time passes one deadline at a time, the balance read after each, so every move is seen on its own; with a
     * lagging scheduler the next command records an end together with its own decision, one move for two.
     */
    @Property(tries = 400)
    void an_alert_is_recorded_exactly_when_the_balance_falls_across_a_threshold(@ForAll("histories") List<Step> history) {
        try (Ledger ledger = Ledger.replayingEveryCommand(Policies.ALERTS)) {
            Trace trace = new Trace(history);
            AlertWatch watch = new AlertWatch();
            for (Step step : history) {
                if (step instanceof TimeStep time) {
                    Instant target = ledger.targetOf(time);
                    for (Optional<Instant> due = ledger.nextDeadlineBy(target); due.isPresent(); due = ledger.nextDeadlineBy(target)) {
                        ledger.advanceTo(due.get(), true);
                        trace.add("deadline at " + due.get());
                        watch.compare(ledger, trace);
                    }
                    ledger.advanceTo(target, true);
                    trace.add(time + " -> now " + target);
                } else {
                    AccountCommand command = ledger.resolve((CommandStep) step);
                    if (command == null) {
                        trace.add(step + " -> nothing sent yet");
                        continue;
                    }
                    trace.add(command + " -> " + ledger.send(command));
                    ledger.fireDueDeadlines();
                    watch.compare(ledger, trace);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Running a history and checking every step

    private static void passTime(Ledger ledger, ReferenceLedger reference, Trace trace, TimeStep time) {
        Instant target = ledger.targetOf(time);
        ledger.advanceTo(target, time.deadlinesFire());
        reference.advanceTo(target, time.deadlinesFire());
        trace.add(time + " -> now " + target);
        for (String account : ACCOUNTS) {
            checkStoredEvents(ledger, reference, trace, account);
        }
    }

    /**
     * The events must hold exactly what the rules say has been recorded, an ended cycle's credits and an expired hold
     * included for as long as their end is not recorded; with a scheduler that keeps up, the reference ledger leaves no
     * end unrecorded, so there the events alone must show what ended.
     */
    private static void checkStoredEvents(Ledger ledger, ReferenceLedger reference, Trace trace, String account) {
        ReferenceAccount expected = reference.account(account);
        if (expected.open) {
            assertThat(fold(ledger.events(account), ledger.clock.instant(), trace))
                    .as(trace.failure("events of " + account + (ledger.schedulerLags ? " while deadlines lag" : " once due deadlines fired")))
                    .isEqualTo(expected.stored());
        }
    }

    private static void sendAndCompare(Ledger ledger, ReferenceLedger reference, Trace trace, AccountCommand command) {
        String account = command.accountId();
        Map<String, List<AccountEvent>> before = ledger.eventsOfAll();
        Expected expected = reference.handle(command);
        Outcome actual;
        try {
            actual = ledger.send(command);
        } catch (RuntimeException e) {
            trace.add(command + " -> " + e);
            throw new AssertionError(trace.failure("expected " + expected).get(), e);
        }
        trace.add(command + " -> " + actual);
        Supplier<String> failure = trace.failure("expected " + expected);

        assertThat(actual.answer()).as(failure).isEqualTo(expected.answer());
        for (String other : ACCOUNTS) {
            if (!other.equals(account)) {
                assertThat(ledger.events(other)).as(trace.failure("events of the other account " + other))
                        .isEqualTo(before.get(other));
            }
        }
        List<AccountEvent> eventsBefore = before.get(account);
        List<AccountEvent> appended = appended(eventsBefore, ledger.events(account));
        if (actual.result() == null) {
            assertThat(appended).as(trace.failure("events for a command to no account")).isEmpty();
            return;
        }

        CommandResult result = actual.result();
        Balance balance = result.balance();
        assertThat(balance.subscription().amount() >= 0 && balance.topUp().amount() >= 0
                && balance.held().subscription().amount() >= 0 && balance.held().topUp().amount() >= 0)
                .as(trace.failure("a balance below zero")).isTrue();
        // Apart from the reference ledger: what the events say is spendable and held now is what the account shows.
        Instant now = ledger.clock.instant();
        assertThat(fold(ledger.events(account), now, trace).shown())
                .as(trace.failure("all events of " + account + " folded and read at the clock's time")).isEqualTo(balance);
        Balance shownBefore = fold(eventsBefore, now, trace).shown();

        if ((command instanceof ChargeJob || command instanceof ReserveCredits) && result.isAccepted() && !result.duplicate()) {
            // Checked apart from the reference ledger too: subscription credits go first, whatever the model says.
            assertThat(result.fromSubscription().plus(result.fromTopUp())).as(failure).isEqualTo(result.credits());
            if (!result.fromTopUp().isZero()) {
                assertThat(balance.subscription()).as(trace.failure("top-up credits taken while subscription credits were left"))
                        .isEqualTo(Credits.ZERO);
            }
        }
        if (result.duplicate()) {
            // Also apart from the reference ledger: a request seen before is only answered again.
            assertThat(appended).as(trace.failure("events appended by a duplicate")).isEmpty();
            assertThat(balance).as(trace.failure("balance after a duplicate")).isEqualTo(shownBefore);
        }

        // Exactly the decision, preceded by the ends the account finds unrecorded when it has to decide on the balance.
        assertThat(appended.stream().map(AccountEvent::getClass).toList()).as(trace.failure("events appended"))
                .isEqualTo(expected.appends());
        if (expected.decision() == null) {
            assertThat(balance).as(trace.failure("balance after a command that must change nothing the clock did not"))
                    .isEqualTo(shownBefore);
        }
        ledger.fireDueDeadlines();
        checkStoredEvents(ledger, reference, trace, account);
    }

    private static List<AccountEvent> appended(List<AccountEvent> before, List<AccountEvent> after) {
        assertThat(after.subList(0, Math.min(before.size(), after.size()))).as("the stored stream was rewritten").isEqualTo(before);
        return after.subList(before.size(), after.size());
    }

    /**
     * What the stored events hold, read at {@code now}. {@code recorded} is their plain fold: grants, less what expired,
     * is held or was charged, plus what holds gave back and refunds; held credits are, by kind, the sum of the open
     * holds. {@code shown} is what the account must show at {@code now}: by then the clock has also ended a cycle past
     * its period and every hold past its expiry, whether or not the events record it yet, and {@code unrecorded} names,
     * in the order they happened, the events that still have to record those ends. Events that contradict each other
     * fail in {@link StreamFold}, where the message can show the stream.
     */
    record Fold(Balance recorded, Balance shown, List<Class<? extends AccountEvent>> unrecorded) {
    }

    /** A stream that contradicts itself fails with the history that led to it. */
    private static Fold fold(List<AccountEvent> events, Instant now, Trace trace) {
        try {
            return fold(events, now);
        } catch (AssertionError e) {
            throw new AssertionError(trace.failure(e.getMessage()).get(), e);
        }
    }

    private static Fold fold(List<AccountEvent> events, Instant now) {
        StreamFold stream = new StreamFold(events);
        events.forEach(stream::apply);
        Balance recorded = stream.balance();
        stream.endWhatIsOverAt(now);
        stream.checkNothingIsLost();
        return new Fold(recorded, stream.balance(), List.copyOf(stream.unrecorded));
    }

    /** One pass over a stored stream, from its own events only, checking on the way that they agree with each other. */
    private static final class StreamFold {

        /** What a charge, or a captured hold, took from each kind: exactly what its refund may give back or forfeit. */
        record Taken(long subscription, long topUp) {
        }

        private final List<AccountEvent> events;
        long subscription;
        long topUp;
        SubscriptionRenewed cycle;
        boolean cycleEnded;
        final Map<String, CreditsReserved> openHolds = new TreeMap<>();
        /** Job ids ever charged directly or held: each one can be used once in an account's life. */
        final Set<String> jobs = new HashSet<>();
        final Map<String, Taken> charged = new HashMap<>();
        final Set<String> refunded = new HashSet<>();
        final List<Class<? extends AccountEvent>> unrecorded = new ArrayList<>();
        long granted;
        long sold;
        long expired;
        long consumedSubscription;
        long consumedTopUp;
        /** What refunds took off the charges: given back, or (subscription credits of an ended cycle) forfeited. */
        long refundedSubscription;
        long refundedTopUp;
        /** Subscription credits of an ended cycle that a refund or a hold's end did not give back. */
        long forfeited;

        StreamFold(List<AccountEvent> events) {
            this.events = events;
        }

        void apply(AccountEvent event) {
            if (event instanceof SubscriptionRenewed e) {
                // A new cycle resets the allocation: whatever was left of the previous one expires with it.
                if (e.expiredCredits().amount() != subscription) {
                    fail("a renewal expired " + e.expiredCredits() + " of " + subscription, event);
                }
                granted += e.monthlyCredits().amount();
                expired += subscription;
                subscription = e.monthlyCredits().amount();
                cycle = e;
                cycleEnded = false;
            } else if (event instanceof SubscriptionCreditsExpired e) {
                if (cycle == null || cycleEnded
                        || !e.periodStart().equals(cycle.periodStart()) || !e.periodEnd().equals(cycle.periodEnd())) {
                    fail("the end of a cycle that is not the running one", event);
                }
                if (e.expiredCredits().amount() != subscription) {
                    fail("an expiry of " + e.expiredCredits() + " of " + subscription, event);
                }
                lapse();
            } else if (event instanceof CreditsToppedUp e) {
                sold += e.credits().amount();
                topUp += e.credits().amount();
            } else if (event instanceof JobCharged e) {
                useJobId(e.jobId(), event);
                charge(e.jobId(), e.fromSubscription().amount(), e.fromTopUp().amount(), event);
                subscription -= e.fromSubscription().amount();
                topUp -= e.fromTopUp().amount();
            } else if (event instanceof JobRefunded e) {
                Taken taken = charged.get(e.jobId());
                if (taken == null || !refunded.add(e.jobId())) {
                    fail("a refund of a job that was not charged, or was refunded before", event);
                }
                if (e.toSubscription().amount() + e.forfeited().amount() != taken.subscription() || e.toTopUp().amount() != taken.topUp()) {
                    fail("a refund of other credits than the charge took", event);
                }
                refundedSubscription += e.toSubscription().amount() + e.forfeited().amount();
                refundedTopUp += e.toTopUp().amount();
                forfeited += e.forfeited().amount();
                subscription += e.toSubscription().amount();
                topUp += e.toTopUp().amount();
            } else if (event instanceof CreditsReserved e) {
                useJobId(e.jobId(), event);
                if (e.credits().amount() != e.fromSubscription().amount() + e.fromTopUp().amount()) {
                    fail("a hold of other credits than the job's price", event);
                }
                openHolds.put(e.jobId(), e);
                subscription -= e.fromSubscription().amount();
                topUp -= e.fromTopUp().amount();
            } else if (event instanceof HoldCaptured e) {
                capture(settle(e.jobId(), e.heldSubscription().amount(), e.heldTopUp().amount(), event), e);
            } else if (event instanceof HoldReleased e) {
                giveBack(settle(e.jobId(), e.heldSubscription().amount(), e.heldTopUp().amount(), event),
                        e.toSubscription().amount(), e.toTopUp().amount(), e.forfeited().amount(), event);
            } else if (event instanceof HoldExpired e) {
                giveBack(settle(e.jobId(), e.heldSubscription().amount(), e.heldTopUp().amount(), event),
                        e.toSubscription().amount(), e.toTopUp().amount(), e.forfeited().amount(), event);
            }
            if (subscription < 0 || topUp < 0) {
                fail("the events went below zero", event);
            }
        }

        /**
         * A capture uses the hold, subscription credits first, gives back what the final price does not need, and takes
         * a higher price's extra from the available credits, subscription first again.
         */
        private void capture(CreditsReserved hold, HoldCaptured e) {
            long heldSubscription = hold.fromSubscription().amount();
            long usedSubscription = heldSubscription - e.releasedSubscription().amount() - e.forfeited().amount();
            long usedTopUp = hold.fromTopUp().amount() - e.releasedTopUp().amount();
            long extraSubscription = e.fromSubscription().amount() - usedSubscription;
            long extraTopUp = e.fromTopUp().amount() - usedTopUp;
            long givenBack = e.releasedSubscription().amount() + e.releasedTopUp().amount() + e.forfeited().amount();
            if (Math.min(Math.min(usedSubscription, usedTopUp), Math.min(extraSubscription, extraTopUp)) < 0
                    || (extraSubscription + extraTopUp > 0 && givenBack > 0)
                    || e.credits().amount() != e.fromSubscription().amount() + e.fromTopUp().amount()) {
                fail("a capture whose parts do not add up", e);
            }
            if (usedTopUp > 0 && usedSubscription < heldSubscription) {
                fail("a capture used held top-up credits while held subscription credits went back", e);
            }
            charge(e.jobId(), e.fromSubscription().amount(), e.fromTopUp().amount(), e);
            forfeited += e.forfeited().amount();
            subscription += e.releasedSubscription().amount() - extraSubscription;
            topUp += e.releasedTopUp().amount() - extraTopUp;
            if (extraTopUp > 0 && subscription > 0) {
                fail("a capture took its extra from top-up credits while subscription credits were left", e);
            }
        }

        private CreditsReserved settle(String jobId, long heldSubscription, long heldTopUp, AccountEvent event) {
            CreditsReserved hold = openHolds.remove(jobId);
            if (hold == null) {
                fail("the end of a hold that is not open", event);
            }
            if (hold.fromSubscription().amount() != heldSubscription || hold.fromTopUp().amount() != heldTopUp) {
                fail("the end of a hold of other credits than were held", event);
            }
            return hold;
        }

        private void giveBack(CreditsReserved hold, long toSubscription, long toTopUp, long forfeits, AccountEvent event) {
            if (toSubscription + forfeits != hold.fromSubscription().amount() || toTopUp != hold.fromTopUp().amount()) {
                fail("a hold gave back other credits than it held", event);
            }
            forfeited += forfeits;
            subscription += toSubscription;
            topUp += toTopUp;
        }

        private void useJobId(String jobId, AccountEvent event) {
            if (!jobs.add(jobId)) {
                fail("a job id charged or held a second time", event);
            }
        }

        /** Nothing is ever spent twice: a job id is charged, directly or by capturing its hold, at most once. */
        private void charge(String jobId, long fromSubscription, long fromTopUp, AccountEvent event) {
            if (charged.put(jobId, new Taken(fromSubscription, fromTopUp)) != null) {
                fail("a job charged a second time", event);
            }
            consumedSubscription += fromSubscription;
            consumedTopUp += fromTopUp;
        }

        private void lapse() {
            expired += subscription;
            subscription = 0;
            cycleEnded = true;
        }

        /**
         * What the clock has decided by {@code now} that the events may not record yet, in the order it happened: holds
         * past their expiry give their credits back (subscription credits only into their own cycle, if it still runs),
         * and the cycle ends at its period's end, before a hold that expires at that very moment.
         */
        void endWhatIsOverAt(Instant now) {
            List<CreditsReserved> overdue = openHolds.values().stream()
                    .filter(hold -> !hold.expiresAt().isAfter(now))
                    .sorted(Comparator.comparing(CreditsReserved::expiresAt))
                    .toList();
            for (CreditsReserved hold : overdue) {
                lapseIfOverAt(hold.expiresAt());
                openHolds.remove(hold.jobId());
                boolean ownCycleRuns = cycle != null && !cycleEnded && cycle.periodStart().equals(hold.cycleStart());
                long back = ownCycleRuns ? hold.fromSubscription().amount() : 0;
                subscription += back;
                forfeited += hold.fromSubscription().amount() - back;
                topUp += hold.fromTopUp().amount();
                unrecorded.add(HoldExpired.class);
            }
            lapseIfOverAt(now);
        }

        private void lapseIfOverAt(Instant time) {
            if (cycle != null && !cycleEnded && !time.isBefore(cycle.periodEnd())) {
                lapse();
                unrecorded.add(SubscriptionCreditsExpired.class);
            }
        }

        /**
         * Every credit granted or sold is, by its kind, available, held, spent (charged less what refunds took back),
         * expired with its cycle, or forfeited.
         */
        void checkNothingIsLost() {
            Balance.Held held = held();
            long subscriptionAccounted = subscription + held.subscription().amount()
                    + consumedSubscription - refundedSubscription + expired + forfeited;
            long topUpAccounted = topUp + held.topUp().amount() + consumedTopUp - refundedTopUp;
            if (subscriptionAccounted != granted || topUpAccounted != sold) {
                throw new AssertionError("of " + granted + " subscription credits granted, " + subscriptionAccounted
                        + " are accounted for; of " + sold + " top-up credits sold, " + topUpAccounted + " in " + events);
            }
        }

        Balance.Held held() {
            long heldSubscription = openHolds.values().stream().mapToLong(hold -> hold.fromSubscription().amount()).sum();
            long heldTopUp = openHolds.values().stream().mapToLong(hold -> hold.fromTopUp().amount()).sum();
            return new Balance.Held(Credits.of(heldSubscription), Credits.of(heldTopUp));
        }

        Balance balance() {
            return new Balance(Credits.of(subscription), Credits.of(topUp), held());
        }

        private void fail(String what, AccountEvent event) {
            throw new AssertionError(what + " at " + event + " in " + events);
        }
    }

    /**
     * The balance each account showed when last looked at, and how many of its events were checked by then; alerts
     * are compared move by move with the crossings of what the account shows.
     */
    private static final class AlertWatch {

        private final Map<String, Credits> shown = new HashMap<>();
        private final Map<String, Integer> checked = new HashMap<>();

        void compare(Ledger ledger, Trace trace) {
            for (String account : ACCOUNTS) {
                List<AccountEvent> events = ledger.events(account);
                if (events.isEmpty()) {
                    continue;
                }
                // A repeated OpenAccount only reads the balance.
                Credits after = ledger.send(new OpenAccount(account)).result().balance().total();
                Credits before = shown.getOrDefault(account, Credits.ZERO);
                List<AccountEvent> raised = events.subList(checked.getOrDefault(account, 0), events.size()).stream()
                        .filter(event -> event instanceof CreditsRanOut || event instanceof BalanceFellBelowThreshold)
                        .toList();
                assertThat(raised).as(trace.failure("alerts of " + account + " as its balance went from " + before + " to " + after))
                        .isEqualTo(crossings(account, before, after, allocation(events, ledger.clock.instant())));
                shown.put(account, after);
                checked.put(account, events.size());
            }
        }

        /**
         * The standard thresholds, restated: ran out (the balance reached zero), and below a fifth of the running cycle's
         * monthly allocation, rounded down; each is raised only by a fall across it.
         */
        private static List<AccountEvent> crossings(String account, Credits before, Credits after, Long allocation) {
            List<AccountEvent> alerts = new ArrayList<>();
            if (!after.isLessThan(before)) {
                return alerts;
            }
            // Highest threshold first, as a falling balance passes them. A fifth of a tiny allocation rounds to
            // nothing: falling below it is running out, said below.
            Credits fifth = allocation == null ? Credits.ZERO : Credits.of(allocation / 5);
            if (!fifth.isZero() && !before.isLessThan(fifth) && after.isLessThan(fifth)) {
                alerts.add(new BalanceFellBelowThreshold(account, AlertThreshold.ofAllocation(20), fifth, before, after));
            }
            if (after.isZero()) {
                alerts.add(new CreditsRanOut(account, before));
            }
            return alerts;
        }

        /** The monthly credits of the cycle running at {@code now}, or null when none is. */
        private static Long allocation(List<AccountEvent> events, Instant now) {
            SubscriptionRenewed running = null;
            for (AccountEvent event : events) {
                if (event instanceof SubscriptionRenewed renewed) {
                    running = renewed;
                } else if (event instanceof SubscriptionCreditsExpired) {
                    running = null;
                }
            }
            return running == null || !now.isBefore(running.periodEnd()) ? null : running.monthlyCredits().amount();
        }
    }

    /** A failure message with the whole history: jqwik shrinks it, this shows what the account answered to it. */
    private static final class Trace {

        private final List<Step> history;
        private final List<String> lines = new ArrayList<>();

        Trace(List<Step> history) {
            this.history = history;
        }

        void add(String line) {
            lines.add(line);
        }

        Supplier<String> failure(String what) {
            return () -> {
                StringBuilder text = new StringBuilder(what).append(" at step ").append(lines.size())
                        .append(" of ").append(history.size()).append(":\n");
                for (int i = 0; i < lines.size(); i++) {
                    text.append(String.format("  %2d. %s%n", i + 1, lines.get(i)));
                }
                return text.toString();
            };
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The real account, wired from Axon's own parts, with time in the test's hands

    /** The answer to one command: a result, or no account at all. */
    record Outcome(CommandResult result) {

        static final Outcome NO_ACCOUNT = new Outcome(null);

        Answer answer() {
            return result == null ? Answer.NO_ACCOUNT : Answer.of(result);
        }

        @Override
        public String toString() {
            return answer().toString();
        }
    }

    private static final class Ledger implements AutoCloseable {

        final MutableClock clock;
        final StubDeadlineManager deadlines = new StubDeadlineManager(START);
        final EventStore eventStore;
        final RequestHistory requests;
        final AlertPolicy alerts;
        final EventSourcingRepository<CreditAccount> repository;
        final CommandGateway gateway;
        private final boolean ownsStore;
        private final List<AccountCommand> sent = new ArrayList<>();
        /** The commands sent so far that were accepted, not as duplicates. */
        private final List<AccountCommand> accepted = new ArrayList<>();
        /** The expiries of the holds accepted so far, for histories that wait for one. */
        private final NavigableSet<Instant> holdExpiries = new TreeSet<>();
        boolean schedulerLags;

        /** Loads each account from its events for every command, as the service does. */
        static Ledger replayingEveryCommand(AlertPolicy alerts) {
            return new Ledger(emptyStore(), new InMemoryRequestHistory(), new MutableClock(START), alerts, NoCache.INSTANCE, true);
        }

        /** Keeps each loaded account in a cache, so it is built once and then only by events as they are applied. */
        static Ledger keepingAccountsInMemory() {
            return new Ledger(emptyStore(), new InMemoryRequestHistory(), new MutableClock(START), NO_ALERTS, new WeakReferenceCache(), true);
        }

        /**
         * A second runtime over this one's stream, request history and clock, which replays for every command. The
         * clock is shared because answers depend on it: an account on its own clock would read another moment.
         */
        Ledger replayingFromTheSameStore() {
            return new Ledger(eventStore, requests, clock, alerts, NoCache.INSTANCE, false);
        }

        private static EventStore emptyStore() {
            return EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        }

        private Ledger(EventStore eventStore, RequestHistory requests, MutableClock clock, AlertPolicy alerts, Cache cache,
                       boolean ownsStore) {
            this.clock = clock;
            this.eventStore = eventStore;
            this.requests = requests;
            this.alerts = alerts;
            this.ownsStore = ownsStore;
            ParameterResolverFactory resources = MultiParameterResolverFactory.ordered(
                    new SimpleResourceParameterResolverFactory(Set.of(new AccountPolicies(CATALOG, HOLDS, alerts), requests, clock, deadlines)),
                    ClasspathParameterResolverFactory.forClass(CreditAccount.class));
            AggregateModel<CreditAccount> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(
                    CreditAccount.class, resources, ClasspathHandlerDefinition.forClass(CreditAccount.class));
            EventSourcingRepository.Builder<CreditAccount> repositoryBuilder = EventSourcingRepository.builder(CreditAccount.class)
                    .aggregateModel(model)
                    .eventStore(eventStore);
            if (cache != NoCache.INSTANCE) {
                repositoryBuilder.cache(cache);
            }
            this.repository = repositoryBuilder.build();
            SimpleCommandBus commandBus = SimpleCommandBus.builder().build();
            AggregateAnnotationCommandHandler.<CreditAccount>builder()
                    .aggregateType(CreditAccount.class)
                    .aggregateModel(model)
                    .parameterResolverFactory(resources)
                    .repository(repository)
                    .commandTargetResolver(new AccountTargetResolver())
                    .build()
                    .subscribe(commandBus);
            this.gateway = DefaultCommandGateway.builder().commandBus(commandBus).build();
        }

        /** The command a step stands for now; null for a resend with nothing sent yet. */
        AccountCommand resolve(CommandStep step) {
            AccountCommand command = step.command(clock.instant(), sent, accepted);
            if (command != null) {
                sent.add(command);
            }
            return command;
        }

        Instant targetOf(TimeStep time) {
            return time.target(clock.instant(), holdExpiries);
        }

        Outcome send(AccountCommand command) {
            CommandResult result;
            try {
                result = gateway.sendAndWait(command);
            } catch (AggregateNotFoundException e) {
                return Outcome.NO_ACCOUNT;
            }
            if (result.isAccepted() && !result.duplicate()) {
                accepted.add(command);
                if (command instanceof ReserveCredits) {
                    holdExpiries.add(result.expiresAt());
                }
            }
            return new Outcome(result);
        }

        /** Without firing, the deadlines stay due: a scheduler that lags behind the clock, as a real one can. */
        void advanceTo(Instant target, boolean deadlinesFire) {
            clock.setTo(target);
            schedulerLags = !deadlinesFire;
            fireDueDeadlines();
        }

        /** A scheduler that keeps up fires what is due at once, also a deadline scheduled in the past. */
        void fireDueDeadlines() {
            if (!schedulerLags) {
                deadlines.advanceTimeTo(clock.instant(), (scope, deadline) -> repository.send(deadline, scope));
            }
        }

        /** The earliest time a deadline is scheduled for, if that is by {@code time}. */
        Optional<Instant> nextDeadlineBy(Instant time) {
            return deadlines.getScheduledDeadlines().stream()
                    .map(ScheduledDeadlineInfo::getScheduleTime)
                    .filter(scheduled -> !scheduled.isAfter(time))
                    .min(Comparator.naturalOrder());
        }

        List<AccountEvent> events(String accountId) {
            return eventStore.readEvents(accountId).asStream()
                    .map(DomainEventMessage::getPayload)
                    .map(AccountEvent.class::cast)
                    .toList();
        }

        Map<String, List<AccountEvent>> eventsOfAll() {
            Map<String, List<AccountEvent>> byAccount = new HashMap<>();
            for (String account : ACCOUNTS) {
                byAccount.put(account, events(account));
            }
            return byAccount;
        }

        @Override
        public void close() {
            if (ownsStore && eventStore instanceof EmbeddedEventStore embedded) {
                embedded.shutDown();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The reference ledger: the rules, restated without the aggregate's code

    /**
     * Everything about an answer but its wording. Credits moved as plain numbers, null where the answer has none; the
     * balance with what is held, null when there is no account.
     */
    record Answer(Status status, RejectionReason reason, String field, boolean duplicate,
                  Long credits, Long fromSubscription, Long fromTopUp, Balance balance, Instant expiresAt) {

        static final Answer NO_ACCOUNT = new Answer(null, RejectionReason.UNKNOWN_ACCOUNT, null, false, null, null, null, null, null);

        static Answer of(CommandResult result) {
            return new Answer(result.status(), result.reason(), result.field(), result.duplicate(), amount(result.credits()),
                    amount(result.fromSubscription()), amount(result.fromTopUp()), result.balance(), result.expiresAt());
        }

        Answer asDuplicate() {
            return new Answer(status, reason, field, true, credits, fromSubscription, fromTopUp, balance, expiresAt);
        }

        Answer expiringAt(Instant expiry) {
            return new Answer(status, reason, field, duplicate, credits, fromSubscription, fromTopUp, balance, expiry);
        }

        private static Long amount(Credits credits) {
            return credits == null ? null : credits.amount();
        }

        @Override
        public String toString() {
            if (status == null) {
                return "no account";
            }
            StringBuilder text = new StringBuilder(status.name());
            if (reason != null) {
                text.append(' ').append(reason).append(field == null ? "" : " on " + field);
            }
            if (duplicate) {
                text.append(" (duplicate)");
            }
            if (credits != null) {
                text.append(", ").append(credits).append(" credits");
            }
            if (fromSubscription != null || fromTopUp != null) {
                text.append(" [subscription ").append(fromSubscription).append(", top-up ").append(fromTopUp).append(']');
            }
            if (expiresAt != null) {
                text.append(" until ").append(expiresAt);
            }
            text.append(", balance ").append(balance.subscription().amount()).append('/').append(balance.topUp().amount());
            if (!balance.held().total().isZero()) {
                text.append(", held ").append(balance.held().subscription().amount()).append('/').append(balance.held().topUp().amount());
            }
            return text.toString();
        }
    }

    /**
     * What the rules say a command answers, and the events that record it: {@code recorded}, the ends the account finds
     * unrecorded and must record before it decides on the balance, or the stream would read as if the decision had had
     * an ended cycle's or an expired hold's credits; then {@code decision}, the event of the decision itself (null: the
     * command must change nothing the clock had not changed already).
     */
    /** {@code recorded}: ends recorded before the decision; {@code following}: ends the decision itself brings about. */
    record Expected(Answer answer, List<Class<? extends AccountEvent>> recorded, Class<? extends AccountEvent> decision,
                    List<Class<? extends AccountEvent>> following) {

        Expected(Answer answer, List<Class<? extends AccountEvent>> recorded, Class<? extends AccountEvent> decision) {
            this(answer, recorded, decision, List.of());
        }

        static Expected unchanged(Answer answer) {
            return new Expected(answer, List.of(), null);
        }

        static Expected recordedBy(Class<? extends AccountEvent> decision, Answer answer) {
            return new Expected(answer, List.of(), decision);
        }

        List<Class<? extends AccountEvent>> appends() {
            List<Class<? extends AccountEvent>> appends = new ArrayList<>(recorded);
            if (decision != null) {
                appends.add(decision);
            }
            appends.addAll(following);
            return appends;
        }

        @Override
        public String toString() {
            return answer + (appends().isEmpty() ? ", no events"
                    : ", recorded by " + String.join(", ", appends().stream().map(Class::getSimpleName).toList()));
        }
    }

    private static final class ReferenceLedger {

        private final Map<String, ReferenceAccount> accounts = new HashMap<>();
        private Instant now = START;
        private boolean schedulerLags;

        ReferenceAccount account(String accountId) {
            return accounts.computeIfAbsent(accountId, id -> new ReferenceAccount());
        }

        /** The rules tie expiry to the end of the period and of the hold, not to whether a deadline has fired yet. */
        void advanceTo(Instant instant, boolean deadlinesFire) {
            now = instant;
            schedulerLags = !deadlinesFire;
            for (ReferenceAccount account : accounts.values()) {
                account.passTimeTo(now);
                if (!schedulerLags) {
                    account.recordEnds();
                }
            }
        }

        Expected handle(AccountCommand command) {
            ReferenceAccount account = account(command.accountId());
            if (!account.open && !(command instanceof OpenAccount)) {
                return Expected.unchanged(Answer.NO_ACCOUNT);
            }
            Expected expected;
            if (command instanceof OpenAccount) {
                expected = account.open();
            } else if (command instanceof RenewSubscription renew) {
                expected = account.renew(renew, now);
            } else if (command instanceof TopUp topUp) {
                expected = account.topUp(topUp);
            } else if (command instanceof ChargeJob charge) {
                expected = account.charge(charge);
            } else if (command instanceof ReserveCredits reserve) {
                expected = account.reserve(reserve, now);
            } else if (command instanceof CaptureCharge capture) {
                expected = account.capture(capture);
            } else if (command instanceof ReleaseHold release) {
                expected = account.release(release);
            } else {
                expected = account.refund((RefundJob) command);
            }
            if (!schedulerLags) {
                account.recordEnds();
            }
            return expected;
        }
    }

    private static final class ReferenceAccount {

        static final long MAX_GRANT = 1_000_000_000L;

        record Period(Instant start, Instant end) {
        }

        record Renewal(String plan, long monthlyCredits, Instant periodEnd) {
        }

        record Payment(long credits, String packageId) {
        }

        /** Subscription credits a job took, and the period they came from (null: no period was running). */
        record Drawn(long credits, Period from) {
        }

        /**
         * A charged job, as its duplicate answers and its refund gives back. A captured hold may have drawn subscription
         * credits from two periods: the hold's, and the running one for a final price above the hold.
         */
        record ChargedJob(String tool, Map<String, Long> params, long credits, List<Drawn> fromSubscription, long fromTopUp) {

            long subscriptionCredits() {
                return fromSubscription.stream().mapToLong(Drawn::credits).sum();
            }
        }

        /** The credits a command moved, as its answer shows them. */
        record Moved(long credits, long fromSubscription, long fromTopUp) {
        }

        enum HoldState { OPEN, CAPTURED, RELEASED, EXPIRED }

        /**
         * A hold as the rules see it: open until it is captured, released or its expiry comes. {@code settledBy} is what
         * a capture took or a release gave back, for the answer to a repeat.
         */
        record Hold(String tool, Map<String, Long> params, long credits, long fromSubscription, long fromTopUp,
                    Period heldIn, Instant expiresAt, HoldState state, Moved settledBy) {

            Hold settled(HoldState end, Moved moved) {
                return new Hold(tool, params, credits, fromSubscription, fromTopUp, heldIn, expiresAt, end, moved);
            }
        }

        /**
         * An end that the rules say has happened and the stored events do not record yet: the event that will record
         * it, the hold's job id (null for a cycle's end), and what the events still hold beyond what the rules leave:
         * an ended cycle's credits, or a hold's credits as still held instead of given back.
         */
        record Unrecorded(Class<? extends AccountEvent> recordedBy, String jobId, long subscription, long topUp,
                          long heldSubscription, long heldTopUp) {
        }

        boolean open;
        long subscription;
        long topUp;
        /** The period whose subscription credits are spendable; null before any renewal and once it has ended. */
        Period current;
        Instant latestPeriodStart;
        final Map<Instant, Renewal> renewals = new HashMap<>();
        final Map<String, Payment> payments = new HashMap<>();
        /** Jobs charged directly, and held jobs once captured. */
        final Map<String, ChargedJob> charges = new HashMap<>();
        final Map<String, Long> refunds = new HashMap<>();
        /** Every hold ever accepted, by job id, open or not. */
        final Map<String, Hold> holds = new HashMap<>();
        /**
         * The rules end a period at its end and a hold at its expiry, but the account records such an end only when
         * its deadline fires or a command moves credits; a renewal records the rest of the previous cycle as its own
         * expired credits. Until then the stored events still hold the ended period's credits and the expired holds,
         * so the model keeps those here, in the order the ends happened, out of {@link #subscription}, {@link #topUp}
         * and the open holds: no answer may show or spend them, and the events must hold exactly them. A period that
         * ended with nothing left is here all the same, since its end must be recorded.
         */
        final List<Unrecorded> unrecorded = new ArrayList<>();

        /** What can be spent and what is held now, and so what every answer shows. */
        Balance balance() {
            return new Balance(Credits.of(subscription), Credits.of(topUp), heldBesides(0, 0));
        }

        /** The open holds by kind, besides the given credits that the events still hold for holds that expired. */
        private Balance.Held heldBesides(long expiredSubscription, long expiredTopUp) {
            long heldSubscription = expiredSubscription;
            long heldTopUp = expiredTopUp;
            for (Hold hold : holds.values()) {
                if (hold.state() == HoldState.OPEN) {
                    heldSubscription += hold.fromSubscription();
                    heldTopUp += hold.fromTopUp();
                }
            }
            return new Balance.Held(Credits.of(heldSubscription), Credits.of(heldTopUp));
        }

        /** What the stored events must hold at this moment. */
        Fold stored() {
            long storedSubscription = subscription;
            long storedTopUp = topUp;
            long stillHeldSubscription = 0;
            long stillHeldTopUp = 0;
            for (Unrecorded end : unrecorded) {
                storedSubscription += end.subscription();
                storedTopUp += end.topUp();
                stillHeldSubscription += end.heldSubscription();
                stillHeldTopUp += end.heldTopUp();
            }
            Balance recorded = new Balance(Credits.of(storedSubscription), Credits.of(storedTopUp),
                    heldBesides(stillHeldSubscription, stillHeldTopUp));
            return new Fold(recorded, balance(), unrecorded.stream().<Class<? extends AccountEvent>>map(Unrecorded::recordedBy).toList());
        }

        /**
         * Ends, in the order they happen up to {@code time}, every hold whose expiry has come and the period once it is
         * over; at the very end of its period the cycle is over already, so a hold that expires then loses its
         * subscription part.
         */
        void passTimeTo(Instant time) {
            while (true) {
                Map.Entry<String, Hold> due = holds.entrySet().stream()
                        .filter(entry -> entry.getValue().state() == HoldState.OPEN && !entry.getValue().expiresAt().isAfter(time))
                        .min(Comparator.comparing(entry -> entry.getValue().expiresAt()))
                        .orElse(null);
                Instant next = due == null ? time : due.getValue().expiresAt();
                if (current != null && !next.isBefore(current.end())) {
                    unrecorded.add(new Unrecorded(SubscriptionCreditsExpired.class, null, subscription, 0, 0, 0));
                    subscription = 0;
                    current = null;
                } else if (due != null) {
                    expire(due.getKey(), due.getValue());
                } else {
                    return;
                }
            }
        }

        /** A hold past its expiry gives its credits back as a release would. */
        private void expire(String jobId, Hold hold) {
            long toSubscription = isCurrent(hold.heldIn()) ? hold.fromSubscription() : 0;
            subscription += toSubscription;
            topUp += hold.fromTopUp();
            holds.put(jobId, hold.settled(HoldState.EXPIRED, null));
            unrecorded.add(new Unrecorded(HoldExpired.class, jobId, -toSubscription, -hold.fromTopUp(),
                    hold.fromSubscription(), hold.fromTopUp()));
        }

        /** Subscription credits of a period are worth something only while it runs. */
        private boolean isCurrent(Period period) {
            return period != null && period.equals(current);
        }

        /** The account records every end it finds unrecorded; answers which events it appends for them. */
        List<Class<? extends AccountEvent>> recordEnds() {
            List<Class<? extends AccountEvent>> recorded = unrecorded.stream().<Class<? extends AccountEvent>>map(Unrecorded::recordedBy).toList();
            unrecorded.clear();
            return recorded;
        }

        /**
         * A renewal records the holds that expired, each with the end of the cycle if it came before; an end after the
         * last of them is the renewal's own expired credits.
         */
        private List<Class<? extends AccountEvent>> recordHoldEnds() {
            List<Class<? extends AccountEvent>> recorded = recordEnds();
            int afterLastHold = recorded.lastIndexOf(HoldExpired.class) + 1;
            return recorded.subList(0, afterLastHold);
        }

        private boolean isUnrecordedEnd(String jobId) {
            return unrecorded.stream().anyMatch(end -> jobId.equals(end.jobId()));
        }

        private static Expected decision(List<Class<? extends AccountEvent>> recorded, Class<? extends AccountEvent> decision, Answer answer) {
            return new Expected(answer, recorded, decision);
        }

        private static Expected unchanged(Answer answer) {
            return Expected.unchanged(answer);
        }

        Expected open() {
            if (open) {
                return unchanged(accepted(null, null, null).asDuplicate());
            }
            open = true;
            return Expected.recordedBy(AccountOpened.class, accepted(null, null, null));
        }

        Expected renew(RenewSubscription command, Instant now) {
            Renewal terms = new Renewal(command.plan(), command.monthlyCredits().amount(), command.periodEnd());
            Renewal earlier = renewals.get(command.periodStart());
            if (earlier != null) {
                return earlier.equals(terms)
                        ? unchanged(accepted(earlier.monthlyCredits(), null, null).asDuplicate())
                        : unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "periodStart"));
            }
            if (!command.periodEnd().isAfter(command.periodStart())) {
                return unchanged(rejected(RejectionReason.INVALID_PERIOD, "periodEnd"));
            }
            if (terms.monthlyCredits() > MAX_GRANT) {
                return unchanged(rejected(RejectionReason.INVALID_AMOUNT, "monthlyCredits"));
            }
            if (latestPeriodStart != null && !command.periodStart().isAfter(latestPeriodStart)) {
                return unchanged(rejected(RejectionReason.STALE_PERIOD, "periodStart"));
            }
            if (command.periodStart().isAfter(now)) {
                return unchanged(rejected(RejectionReason.PERIOD_NOT_STARTED, "periodStart"));
            }
            List<Class<? extends AccountEvent>> recorded = recordHoldEnds();
            renewals.put(command.periodStart(), terms);
            latestPeriodStart = command.periodStart();
            current = new Period(command.periodStart(), command.periodEnd());
            subscription = terms.monthlyCredits();
            // A renewal that arrives after its period is over grants credits that expired with that period, and says so.
            passTimeTo(now);
            Answer answer = accepted(terms.monthlyCredits(), null, null);
            return new Expected(answer, recorded, SubscriptionRenewed.class, recordEnds());
        }

        Expected topUp(TopUp command) {
            Payment payment = new Payment(command.credits().amount(), command.packageId());
            Payment earlier = payments.get(command.paymentId());
            if (earlier != null) {
                return earlier.equals(payment)
                        ? unchanged(accepted(earlier.credits(), null, earlier.credits()).asDuplicate())
                        : unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "paymentId"));
            }
            if (payment.credits() < 1 || payment.credits() > MAX_GRANT) {
                return unchanged(rejected(RejectionReason.INVALID_AMOUNT, "credits"));
            }
            List<Class<? extends AccountEvent>> recorded = recordEnds();
            payments.put(command.paymentId(), payment);
            topUp += payment.credits();
            return decision(recorded, CreditsToppedUp.class, accepted(payment.credits(), null, payment.credits()));
        }

        Expected charge(ChargeJob command) {
            // A job id is one job for the account's life: one that holds credits is charged by capturing its hold.
            if (holds.containsKey(command.jobId())) {
                return unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
            }
            ChargedJob earlier = charges.get(command.jobId());
            if (earlier != null) {
                return earlier.tool().equals(command.tool()) && earlier.params().equals(command.params())
                        ? unchanged(accepted(earlier.credits(), earlier.subscriptionCredits(), earlier.fromTopUp()).asDuplicate())
                        : unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
            }
            PriceList.Price price = PriceList.price(command.tool(), command.params());
            if (price.rejection() != null) {
                return unchanged(rejected(price.rejection(), price.field()));
            }
            // Even a charge that is then refused records the ends first: it decided on the balance without those credits.
            List<Class<? extends AccountEvent>> recorded = recordEnds();
            long credits = price.credits();
            if (credits > subscription + topUp) {
                return decision(recorded, ChargeRejected.class, insufficient(credits));
            }
            long fromSubscription = Math.min(subscription, credits);
            long fromTopUp = credits - fromSubscription;
            subscription -= fromSubscription;
            topUp -= fromTopUp;
            charges.put(command.jobId(), new ChargedJob(command.tool(), command.params(), credits,
                    List.of(new Drawn(fromSubscription, current)), fromTopUp));
            return decision(recorded, JobCharged.class, accepted(credits, fromSubscription, fromTopUp));
        }

        Expected refund(RefundJob command) {
            ChargedJob charge = charges.get(command.jobId());
            if (charge == null) {
                return unchanged(rejected(RejectionReason.UNKNOWN_JOB, "jobId"));
            }
            Long refunded = refunds.get(command.jobId());
            if (refunded != null) {
                Answer answer = new Answer(Status.REJECTED, RejectionReason.ALREADY_REFUNDED, "jobId", true, refunded,
                        null, null, balance(), null);
                return unchanged(answer);
            }
            List<Class<? extends AccountEvent>> recorded = recordEnds();
            // Subscription credits go back only into the period they came from; an ended period's would have expired.
            long toSubscription = charge.fromSubscription().stream().filter(drawn -> isCurrent(drawn.from())).mapToLong(Drawn::credits).sum();
            subscription += toSubscription;
            topUp += charge.fromTopUp();
            refunds.put(command.jobId(), toSubscription + charge.fromTopUp());
            return decision(recorded, JobRefunded.class, accepted(toSubscription + charge.fromTopUp(), toSubscription, charge.fromTopUp()));
        }

        Expected reserve(ReserveCredits command, Instant now) {
            Hold earlier = holds.get(command.jobId());
            if (earlier != null) {
                // Sent again without an expiry, a reservation is the same one: the default was only filled in.
                boolean same = earlier.tool().equals(command.tool()) && earlier.params().equals(command.params())
                        && (command.expiresAt() == null || command.expiresAt().equals(earlier.expiresAt()));
                if (!same) {
                    return unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
                }
                // The first answer stands while the credits are held or were charged; once they went back, it says so.
                return switch (earlier.state()) {
                    case OPEN, CAPTURED -> unchanged(accepted(earlier.credits(), earlier.fromSubscription(), earlier.fromTopUp())
                            .expiringAt(earlier.expiresAt()).asDuplicate());
                    case RELEASED -> unchanged(rejected(RejectionReason.HOLD_RELEASED, "jobId").asDuplicate());
                    case EXPIRED -> unchanged(rejected(RejectionReason.HOLD_EXPIRED, "jobId").asDuplicate());
                };
            }
            if (charges.containsKey(command.jobId())) {
                return unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
            }
            Instant expiresAt = command.expiresAt() == null ? now.plus(HOLDS.defaultDuration()) : command.expiresAt();
            if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(HOLDS.maxDuration()))) {
                return unchanged(rejected(RejectionReason.INVALID_EXPIRY, "expiresAt"));
            }
            PriceList.Price price = PriceList.price(command.tool(), command.params());
            if (price.rejection() != null) {
                return unchanged(rejected(price.rejection(), price.field()));
            }
            List<Class<? extends AccountEvent>> recorded = recordEnds();
            if (holds.values().stream().filter(hold -> hold.state() == HoldState.OPEN).count() >= HOLDS.maxOpenHolds()) {
                return decision(recorded, null, rejected(RejectionReason.TOO_MANY_HOLDS, "jobId"));
            }
            long credits = price.credits();
            if (credits > subscription + topUp) {
                return decision(recorded, ReservationRejected.class, insufficient(credits));
            }
            long fromSubscription = Math.min(subscription, credits);
            long fromTopUp = credits - fromSubscription;
            subscription -= fromSubscription;
            topUp -= fromTopUp;
            holds.put(command.jobId(), new Hold(command.tool(), command.params(), credits, fromSubscription, fromTopUp,
                    current, expiresAt, HoldState.OPEN, null));
            return decision(recorded, CreditsReserved.class, accepted(credits, fromSubscription, fromTopUp).expiringAt(expiresAt));
        }

        Expected capture(CaptureCharge command) {
            Hold hold = holds.get(command.jobId());
            if (hold == null) {
                return unchanged(rejected(RejectionReason.UNKNOWN_HOLD, "jobId"));
            }
            if (hold.state() == HoldState.CAPTURED) {
                // Sent again without params, a capture is the same one: the held params were only filled in.
                return command.params() == null || command.params().equals(charges.get(command.jobId()).params())
                        ? unchanged(accepted(hold.settledBy()).asDuplicate())
                        : unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "params"));
            } else if (hold.state() == HoldState.RELEASED) {
                return unchanged(rejected(RejectionReason.HOLD_RELEASED, "jobId"));
            } else if (hold.state() == HoldState.EXPIRED) {
                return expired(command.jobId());
            }
            long credits = hold.credits();
            Map<String, Long> params = hold.params();
            if (command.params() != null) {
                PriceList.Price price = PriceList.price(hold.tool(), command.params());
                if (price.rejection() != null) {
                    return unchanged(rejected(price.rejection(), price.field()));
                }
                credits = price.credits();
                params = command.params();
            }
            List<Class<? extends AccountEvent>> recorded = recordEnds();
            long fromHeldSubscription;
            long fromHeldTopUp;
            long extraSubscription = 0;
            long extraTopUp = 0;
            if (credits <= hold.fromSubscription() + hold.fromTopUp()) {
                // What the job costs comes out of the hold, subscription credits first.
                fromHeldSubscription = Math.min(hold.fromSubscription(), credits);
                fromHeldTopUp = credits - fromHeldSubscription;
            } else {
                // A higher final price takes the whole hold and the rest from the available credits, subscription first.
                long extra = credits - hold.fromSubscription() - hold.fromTopUp();
                if (extra > subscription + topUp) {
                    return decision(recorded, CaptureRejected.class, insufficient(credits));
                }
                fromHeldSubscription = hold.fromSubscription();
                fromHeldTopUp = hold.fromTopUp();
                extraSubscription = Math.min(subscription, extra);
                extraTopUp = extra - extraSubscription;
            }
            // The rest of the hold goes back; held subscription credits of an ended period would have expired with it.
            if (isCurrent(hold.heldIn())) {
                subscription += hold.fromSubscription() - fromHeldSubscription;
            }
            topUp += hold.fromTopUp() - fromHeldTopUp;
            subscription -= extraSubscription;
            topUp -= extraTopUp;
            Moved taken = new Moved(credits, fromHeldSubscription + extraSubscription, fromHeldTopUp + extraTopUp);
            holds.put(command.jobId(), hold.settled(HoldState.CAPTURED, taken));
            charges.put(command.jobId(), new ChargedJob(hold.tool(), params, credits,
                    List.of(new Drawn(fromHeldSubscription, hold.heldIn()), new Drawn(extraSubscription, current)), taken.fromTopUp()));
            return decision(recorded, HoldCaptured.class, accepted(taken));
        }

        Expected release(ReleaseHold command) {
            Hold hold = holds.get(command.jobId());
            if (hold == null) {
                return unchanged(rejected(RejectionReason.UNKNOWN_HOLD, "jobId"));
            }
            if (hold.state() == HoldState.CAPTURED) {
                return unchanged(rejected(RejectionReason.HOLD_CAPTURED, "jobId"));
            } else if (hold.state() == HoldState.RELEASED) {
                return unchanged(accepted(hold.settledBy()).asDuplicate());
            } else if (hold.state() == HoldState.EXPIRED) {
                return expired(command.jobId());
            }
            List<Class<? extends AccountEvent>> recorded = recordEnds();
            long toSubscription = isCurrent(hold.heldIn()) ? hold.fromSubscription() : 0;
            subscription += toSubscription;
            topUp += hold.fromTopUp();
            Moved givenBack = new Moved(toSubscription + hold.fromTopUp(), toSubscription, hold.fromTopUp());
            holds.put(command.jobId(), hold.settled(HoldState.RELEASED, givenBack));
            return decision(recorded, HoldReleased.class, accepted(givenBack));
        }

        /** The hold ran out; the account records that, with every other end, if it finds it unrecorded. */
        private Expected expired(String jobId) {
            List<Class<? extends AccountEvent>> recorded = isUnrecordedEnd(jobId) ? recordEnds() : List.of();
            return decision(recorded, null, rejected(RejectionReason.HOLD_EXPIRED, "jobId"));
        }

        private Answer accepted(Moved moved) {
            return accepted(moved.credits(), moved.fromSubscription(), moved.fromTopUp());
        }

        private Answer accepted(Long credits, Long fromSubscription, Long fromTopUp) {
            return new Answer(Status.ACCEPTED, null, null, false, credits, fromSubscription, fromTopUp, balance(), null);
        }

        private Answer rejected(RejectionReason reason, String field) {
            return new Answer(Status.REJECTED, reason, field, false, null, null, null, balance(), null);
        }

        private Answer insufficient(long price) {
            return new Answer(Status.REJECTED, RejectionReason.INSUFFICIENT_CREDITS, null, false, price, null, null, balance(), null);
        }
    }

    /** shared/pricing.md as a table, with the parameter limits of the shipped catalog. */
    private static final class PriceList {

        record Price(long credits, RejectionReason rejection, String field) {

            static Price of(long credits) {
                return new Price(credits, null, null);
            }

            static Price invalid(String param) {
                return new Price(0, RejectionReason.INVALID_PARAMS, "params." + param);
            }
        }

        static final long MAX_ACTIONS = 10_000;
        static final long MAX_SIDE = 8192;
        static final BigDecimal PIXELS_PER_MEGAPIXEL = BigDecimal.valueOf(1024 * 1024);

        static final Map<String, Long> FIXED = Map.of(
                "motion-edit", 5L, "motion-stitch", 5L, "trajectory-control", 5L,
                "text-to-environment-map", 20L, "image-to-environment-map", 25L, "environment-map-to-world", 80L,
                "image-to-3d-mesh", 25L, "texture-to-material", 20L);
        static final long TEXT_TO_MOTION_PER_ACTION = 5;
        /** The constant term of each resolution formula. */
        static final Map<String, Long> RESOLUTION_BASE = Map.of("text-to-material", 2L, "image-to-material", 13L);

        static Price price(String tool, Map<String, Long> params) {
            if (FIXED.containsKey(tool)) {
                String unexpected = firstOutside(params, Set.of());
                return unexpected != null ? Price.invalid(unexpected) : Price.of(FIXED.get(tool));
            }
            if (tool.equals("text-to-motion")) {
                String unexpected = firstOutside(params, Set.of("actions"));
                if (unexpected != null) {
                    return Price.invalid(unexpected);
                }
                Long actions = params.get("actions");
                return actions == null || actions < 1 || actions > MAX_ACTIONS
                        ? Price.invalid("actions") : Price.of(actions * TEXT_TO_MOTION_PER_ACTION);
            }
            if (RESOLUTION_BASE.containsKey(tool)) {
                String unexpected = firstOutside(params, Set.of("width", "height", "upscale"));
                if (unexpected != null) {
                    return Price.invalid(unexpected);
                }
                for (String side : List.of("width", "height")) {
                    Long value = params.get(side);
                    if (value == null || value < 1 || value > MAX_SIDE) {
                        return Price.invalid(side);
                    }
                }
                Long upscale = params.get("upscale");
                if (upscale == null || !Set.of(1L, 2L, 4L).contains(upscale)) {
                    return Price.invalid("upscale");
                }
                return Price.of(resolutionPrice(RESOLUTION_BASE.get(tool), params.get("width"), params.get("height"), upscale));
            }
            return new Price(0, RejectionReason.UNKNOWN_TOOL, "tool");
        }

        /** round(base + 10 * MP + 3 * MP * upscale), the upscale term left out at 1x, rounded half up. */
        static long resolutionPrice(long base, long width, long height, long upscale) {
            // Exact: dividing by a power of two always ends in a finite decimal.
            BigDecimal megapixels = BigDecimal.valueOf(width * height).divide(PIXELS_PER_MEGAPIXEL);
            BigDecimal price = BigDecimal.valueOf(base).add(megapixels.multiply(BigDecimal.TEN));
            if (upscale != 1) {
                price = price.add(megapixels.multiply(BigDecimal.valueOf(3 * upscale)));
            }
            return price.setScale(0, RoundingMode.HALF_UP).longValueExact();
        }

        private static String firstOutside(Map<String, Long> params, Set<String> allowed) {
            return new TreeMap<>(params).keySet().stream().filter(name -> !allowed.contains(name)).findFirst().orElse(null);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Histories

    sealed interface Step permits CommandStep, TimeStep {
    }

    /**
     * A command, made concrete only when it is sent, because renewals name periods relative to the clock and holds
     * are settled by the job id of one accepted before.
     */
    sealed interface CommandStep extends Step permits Open, Renew, BuyTopUp, Charge, Refund, Reserve, Capture, Release, Resend {
        AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore);
    }

    sealed interface TimeStep extends Step permits Wait, WaitForPeriodEnd, WaitForHoldExpiry {
        Instant target(Instant now, NavigableSet<Instant> holdExpiries);

        boolean deadlinesFire();
    }

    record Open(String account) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            return new OpenAccount(account);
        }

        @Override
        public String toString() {
            return "Open(" + account + ")";
        }
    }

    /** {@code monthOffset} counts calendar months from the one the clock is in; -1 and below are usually stale. */
    record Renew(String account, int monthOffset, String plan, long monthlyCredits, boolean endsWhereItStarts)
            implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            ZonedDateTime start = monthOf(now).plusMonths(monthOffset);
            Instant periodEnd = endsWhereItStarts ? start.toInstant() : start.plusMonths(1).toInstant();
            return new RenewSubscription(account, plan, Credits.of(monthlyCredits), start.toInstant(), periodEnd);
        }

        @Override
        public String toString() {
            return "Renew(" + account + ", month" + (monthOffset >= 0 ? "+" : "") + monthOffset + ", " + plan + ", "
                    + monthlyCredits + (endsWhereItStarts ? ", ends where it starts" : "") + ")";
        }
    }

    record BuyTopUp(String account, String paymentId, long credits, String packageId) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            return new TopUp(account, paymentId, Credits.of(credits), packageId);
        }

        @Override
        public String toString() {
            return "TopUp(" + account + ", " + paymentId + ", " + credits + (packageId == null ? "" : ", " + packageId) + ")";
        }
    }

    record Charge(String account, String jobId, String tool, Map<String, Long> params) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            return new ChargeJob(account, jobId, tool, params);
        }

        @Override
        public String toString() {
            return "Charge(" + account + ", " + jobId + ", " + tool + " " + new TreeMap<>(params) + ")";
        }
    }

    record Refund(String account, String jobId) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            return new RefundJob(account, jobOf(account, jobId, acceptedBefore), "generation failed");
        }

        @Override
        public String toString() {
            return "Refund(" + account + ", " + jobId + ")";
        }
    }

    /** Holds a job's price; a null {@code expiry} leaves the hold's expiry to the account's hold policy. */
    record Reserve(String account, String jobId, String tool, Map<String, Long> params, Expiry expiry) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            return new ReserveCredits(account, jobId, tool, params, expiry == null ? null : expiry.at(now));
        }

        @Override
        public String toString() {
            return "Reserve(" + account + ", " + jobId + ", " + tool + " " + new TreeMap<>(params)
                    + (expiry == null ? "" : ", until " + expiry) + ")";
        }
    }

    /** An expiry relative to the clock, or to the end of the calendar month the clock is in: a period end. */
    record Expiry(Duration offset, boolean fromPeriodEnd) {

        Instant at(Instant now) {
            return (fromPeriodEnd ? monthOf(now).plusMonths(1).toInstant() : now).plus(offset);
        }

        @Override
        public String toString() {
            return (fromPeriodEnd ? "period end" : "now") + (offset.isNegative() ? " - " + offset.negated() : " + " + offset);
        }
    }

    /** The final parameters a capture sends, next to those the job was held with. */
    enum Reprice {
        /** No params: the held price stands. */
        HELD_PRICE, SAME_PARAMS, LOWER, HIGHER, HIGHEST, INVALID;

        /** {@code held} is the job's accepted reservation, or null when it holds nothing. */
        Map<String, Long> params(ReserveCredits held) {
            if (this == HELD_PRICE) {
                return null;
            }
            String tool = held == null ? "text-to-motion" : held.tool();
            Map<String, Long> params = new LinkedHashMap<>(held == null ? Map.of("actions", 2L) : held.params());
            if (tool.equals("text-to-motion")) {
                long actions = params.getOrDefault("actions", 1L);
                params.put("actions", switch (this) {
                    case LOWER -> Math.max(1, actions / 2);
                    case HIGHER -> Math.min(PriceList.MAX_ACTIONS, actions * 2);
                    case HIGHEST -> PriceList.MAX_ACTIONS;
                    case INVALID -> 0L;
                    default -> actions;
                });
            } else if (PriceList.RESOLUTION_BASE.containsKey(tool)) {
                long width = params.getOrDefault("width", 1L);
                switch (this) {
                    case LOWER -> params.put("width", Math.max(1, width / 2));
                    case HIGHER -> params.put("width", Math.min(PriceList.MAX_SIDE, width * 2));
                    case HIGHEST -> params.putAll(Map.of("width", PriceList.MAX_SIDE, "height", PriceList.MAX_SIDE, "upscale", 4L));
                    case INVALID -> params.put("upscale", 3L);
                    default -> {
                    }
                }
            } else if (this == INVALID) {
                // A fixed price takes no parameters at all; other prices than the one it has are not possible.
                params.put("actions", 1L);
            }
            return params;
        }
    }

    /** Captures the job's hold, with final params made from those it was held with. */
    record Capture(String account, String jobId, Reprice reprice) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            String job = jobOf(account, jobId, acceptedBefore);
            return new CaptureCharge(account, job, reprice.params(latestReservation(account, job, acceptedBefore)));
        }

        @Override
        public String toString() {
            return "Capture(" + account + ", " + jobId + ", " + reprice + ")";
        }
    }

    record Release(String account, String jobId) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            return new ReleaseHold(account, jobOf(account, jobId, acceptedBefore), "job cancelled");
        }

        @Override
        public String toString() {
            return "Release(" + account + ", " + jobId + ")";
        }
    }

    /** Sends an earlier command again, exactly as it was: the way retries and redeliveries arrive. */
    record Resend(int stepsBack) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore, List<AccountCommand> acceptedBefore) {
            return sentBefore.isEmpty() ? null : sentBefore.get(Math.max(0, sentBefore.size() - 1 - stepsBack));
        }

        @Override
        public String toString() {
            return "Resend(" + stepsBack + " back)";
        }
    }

    record Wait(Duration duration, boolean deadlinesFire) implements TimeStep {
        @Override
        public Instant target(Instant now, NavigableSet<Instant> holdExpiries) {
            return now.plus(duration);
        }

        @Override
        public String toString() {
            return "Wait(" + duration + (deadlinesFire ? "" : ", deadlines lag") + ")";
        }
    }

    /** Lands on, or near, the end of the calendar month the clock is in: a period end. */
    record WaitForPeriodEnd(Duration offset, boolean deadlinesFire) implements TimeStep {
        @Override
        public Instant target(Instant now, NavigableSet<Instant> holdExpiries) {
            Instant target = monthOf(now).plusMonths(1).toInstant().plus(offset);
            return target.isAfter(now) ? target : now;
        }

        @Override
        public String toString() {
            return "WaitForPeriodEnd(" + offset + (deadlinesFire ? "" : ", deadlines lag") + ")";
        }
    }

    /** Lands on, or a hair either side of, the next expiry of a hold the account accepted. */
    record WaitForHoldExpiry(Duration offset, boolean deadlinesFire) implements TimeStep {
        @Override
        public Instant target(Instant now, NavigableSet<Instant> holdExpiries) {
            return holdExpiries.stream().map(expiry -> expiry.plus(offset)).filter(target -> target.isAfter(now))
                    .findFirst().orElse(now);
        }

        @Override
        public String toString() {
            return "WaitForHoldExpiry(" + offset + (deadlinesFire ? "" : ", deadlines lag") + ")";
        }
    }

    /**
     * Stands for the job of the account's latest accepted reservation, so that holds are often settled while they are
     * open; before any, for a job never seen.
     */
    static final String LATEST_HOLD = "latest hold";

    static String jobOf(String account, String jobId, List<AccountCommand> acceptedBefore) {
        if (!jobId.equals(LATEST_HOLD)) {
            return jobId;
        }
        ReserveCredits latest = latestReservation(account, null, acceptedBefore);
        return latest == null ? "job-never" : latest.jobId();
    }

    /** The account's latest accepted reservation of {@code jobId}, or of any job for null; null when there is none. */
    static ReserveCredits latestReservation(String account, String jobId, List<AccountCommand> acceptedBefore) {
        ReserveCredits latest = null;
        for (AccountCommand sent : acceptedBefore) {
            if (sent instanceof ReserveCredits reserve && reserve.accountId().equals(account)
                    && (jobId == null || reserve.jobId().equals(jobId))) {
                latest = reserve;
            }
        }
        return latest;
    }

    static ZonedDateTime monthOf(Instant now) {
        return ZonedDateTime.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(2, opens()),
                Tuple.of(6, renewals()),
                Tuple.of(10, payments()),
                Tuple.of(8, charges()),
                Tuple.of(10, reservations()),
                Tuple.of(8, captures()),
                Tuple.of(3, releases()),
                Tuple.of(4, refunds()),
                Tuple.of(5, Arbitraries.integers().between(0, 6).map(Resend::new)),
                Tuple.of(8, waits()));
        // Most histories begin by opening the account; the rest check that nothing happens to an account that is not there.
        // Half of those then fund it, so that its first reservations are accepted and have a while to be settled.
        // False and null come first so that shrinking drops an opening or a funding the failure does not need.
        Arbitrary<Step> funding = Arbitraries.<Step>of(new Renew(ACCOUNT, 0, "pro", 300, false), new BuyTopUp(ACCOUNT, "pay-0", 200, null))
                .injectNull(0.5);
        return Combinators.combine(Arbitraries.frequency(Tuple.of(1, false), Tuple.of(9, true)),
                        Arbitraries.frequency(Tuple.of(1, false), Tuple.of(1, true)),
                        funding,
                        step.list().ofMinSize(1).ofMaxSize(45))
                .as((opensAccount, opensBystander, funds, steps) -> {
                    List<Step> history = new ArrayList<>();
                    if (opensAccount) {
                        history.add(new Open(ACCOUNT));
                        if (funds != null) {
                            history.add(funds);
                        }
                    }
                    if (opensBystander) {
                        history.add(new Open(BYSTANDER));
                    }
                    history.addAll(steps);
                    return history;
                });
    }

    private static Arbitrary<String> accounts() {
        return Arbitraries.frequency(Tuple.of(6, ACCOUNT), Tuple.of(1, BYSTANDER));
    }

    private static Arbitrary<Boolean> deadlinesFire() {
        return Arbitraries.frequency(Tuple.of(4, true), Tuple.of(1, false));
    }

    private static Arbitrary<Step> opens() {
        return accounts().map(Open::new);
    }

    private static Arbitrary<Step> renewals() {
        Arbitrary<Integer> monthOffset = Arbitraries.frequency(Tuple.of(1, -2), Tuple.of(3, -1), Tuple.of(10, 0), Tuple.of(5, 1));
        Arbitrary<String> plan = Arbitraries.frequency(Tuple.of(8, "pro"), Tuple.of(1, "team"));
        // 3 credits a month: a fifth of it rounds down to nothing.
        Arbitrary<Long> monthly = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(0L, 3L, 10L, 50L, 100L, 300L)),
                Tuple.of(2, Arbitraries.longs().between(0, 500)),
                Tuple.of(1, Arbitraries.of(ReferenceAccount.MAX_GRANT, ReferenceAccount.MAX_GRANT + 1)));
        Arbitrary<Boolean> endsWhereItStarts = Arbitraries.frequency(Tuple.of(15, false), Tuple.of(1, true));
        return Combinators.combine(accounts(), monthOffset, plan, monthly, endsWhereItStarts).as(Renew::new);
    }

    private static Arbitrary<Step> payments() {
        Arbitrary<String> paymentId = Arbitraries.of("pay-1", "pay-2", "pay-3", "pay-4");
        Arbitrary<Long> credits = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(0L, 10L, 25L, 100L, 500L, 2000L)),
                Tuple.of(3, Arbitraries.longs().between(0, 300)),
                Tuple.of(1, Arbitraries.of(ReferenceAccount.MAX_GRANT, ReferenceAccount.MAX_GRANT + 1)));
        Arbitrary<String> packageId = Arbitraries.frequency(Tuple.of(3, "pack-100"), Tuple.of(1, "pack-500"))
                .injectNull(0.5);
        return Combinators.combine(accounts(), paymentId, credits, packageId).as(BuyTopUp::new);
    }

    private static Arbitrary<Step> charges() {
        Arbitrary<String> jobId = Arbitraries.of("job-1", "job-2", "job-3", "job-4", "job-5");
        return Combinators.combine(accounts(), jobId, requests()).as((account, job, r) -> new Charge(account, job, r.get1(), r.get2()));
    }

    /**
     * Job ids 3 to 5 are also charged directly, so a job id is sometimes held after a charge, or charged after a hold.
     * Jobs priced by their params come first: only their captures can change the price.
     */
    private static Arbitrary<Step> reservations() {
        Arbitrary<String> jobId = Arbitraries.of("job-3", "job-4", "job-5", "job-6", "job-7", "job-8");
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> request = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(
                        Tuple.of("text-to-motion", Map.of("actions", 3L)),
                        Tuple.of("text-to-material", Map.of("width", 1024L, "height", 1024L, "upscale", 2L)),
                        Tuple.of("image-to-material", Map.of("width", 512L, "height", 512L, "upscale", 1L)))),
                Tuple.of(2, requests()));
        return Combinators.combine(accounts(), jobId, request, expiries())
                .as((account, job, r, expiry) -> new Reserve(account, job, r.get1(), r.get2(), expiry));
    }

    /** Half the time the policy's default; else within the policy's bounds, outside them, or at a period end. */
    private static Arbitrary<Expiry> expiries() {
        Arbitrary<Duration> valid = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1, 600).map(Duration::ofMinutes)),
                Tuple.of(3, Arbitraries.longs().between(1, 7).map(Duration::ofDays)),
                Tuple.of(1, Arbitraries.just(Duration.ofNanos(1))));
        Arbitrary<Duration> invalid = Arbitraries.of(Duration.ZERO, Duration.ofMinutes(-1), HOLDS.maxDuration().plusNanos(1));
        Arbitrary<Expiry> fromNow = Arbitraries.frequencyOf(Tuple.of(5, valid), Tuple.of(1, invalid))
                .map(offset -> new Expiry(offset, false));
        Arbitrary<Expiry> atPeriodEnd = Arbitraries.of(Duration.ofNanos(-1), Duration.ZERO, Duration.ofNanos(1))
                .map(offset -> new Expiry(offset, true));
        return Arbitraries.frequencyOf(Tuple.of(3, fromNow), Tuple.of(1, atPeriodEnd)).injectNull(0.5);
    }

    /** Job 1 is only ever charged directly, and no job is ever called "job-never". */
    private static Arbitrary<String> heldJobs() {
        return Arbitraries.frequency(Tuple.of(12, LATEST_HOLD), Tuple.of(1, "job-1"), Tuple.of(1, "job-3"), Tuple.of(1, "job-4"),
                Tuple.of(1, "job-5"), Tuple.of(1, "job-6"), Tuple.of(1, "job-7"), Tuple.of(1, "job-8"), Tuple.of(1, "job-never"));
    }

    private static Arbitrary<Step> captures() {
        Arbitrary<Reprice> reprice = Arbitraries.frequency(Tuple.of(4, Reprice.HELD_PRICE), Tuple.of(1, Reprice.SAME_PARAMS),
                Tuple.of(2, Reprice.LOWER), Tuple.of(3, Reprice.HIGHER), Tuple.of(1, Reprice.HIGHEST), Tuple.of(1, Reprice.INVALID));
        return Combinators.combine(accounts(), heldJobs(), reprice).as(Capture::new);
    }

    private static Arbitrary<Step> releases() {
        return Combinators.combine(accounts(), heldJobs()).as(Release::new);
    }

    /** A short menu makes "the same job sent again with the same request" common; the rest explores prices. */
    private static Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> requests() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(
                        Tuple.of("motion-edit", Map.<String, Long>of()),
                        Tuple.of("text-to-motion", Map.of("actions", 3L)),
                        Tuple.of("text-to-environment-map", Map.<String, Long>of()),
                        Tuple.of("environment-map-to-world", Map.<String, Long>of()),
                        Tuple.of("image-to-3d-mesh", Map.<String, Long>of()),
                        Tuple.of("text-to-material", Map.of("width", 1024L, "height", 1024L, "upscale", 2L)),
                        Tuple.of("image-to-material", Map.of("width", 512L, "height", 512L, "upscale", 1L)))),
                Tuple.of(3, validRequests()),
                Tuple.of(2, invalidRequests()));
    }

    private static Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> validRequests() {
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> fixed = Arbitraries.of(PriceList.FIXED.keySet().stream().sorted().toList())
                .map(tool -> Tuple.of(tool, Map.<String, Long>of()));
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> motion = Arbitraries.frequencyOf(
                        Tuple.of(9, Arbitraries.longs().between(1, 20)), Tuple.of(1, Arbitraries.just(PriceList.MAX_ACTIONS)))
                .map(actions -> Tuple.of("text-to-motion", Map.of("actions", actions)));
        Arbitrary<Long> side = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(1L, 512L, 1000L, 1024L, 1536L, 2048L)),
                Tuple.of(1, Arbitraries.of(4096L, PriceList.MAX_SIDE)),
                Tuple.of(2, Arbitraries.longs().between(1, PriceList.MAX_SIDE)));
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> material = Combinators.combine(
                        Arbitraries.of("text-to-material", "image-to-material"), side, side, Arbitraries.of(1L, 2L, 4L))
                .as((tool, width, height, upscale) -> Tuple.of(tool, Map.of("width", width, "height", height, "upscale", upscale)));
        return Arbitraries.oneOf(fixed, motion, material);
    }

    /** Each request has exactly one fault, so the field the answer names is certain. */
    private static Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> invalidRequests() {
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> unknownTool = Arbitraries.of("text-to-song", "Motion-Edit", "image-to-3D-mesh")
                .map(tool -> Tuple.of(tool, Map.<String, Long>of()));
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> paramOnFixed = Arbitraries.of(PriceList.FIXED.keySet().stream().sorted().toList())
                .map(tool -> Tuple.of(tool, Map.<String, Long>of("actions", 1L)));
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> badActions = Arbitraries.of(
                        Map.<String, Long>of(), Map.of("actions", 0L), Map.of("actions", -3L), Map.of("actions", PriceList.MAX_ACTIONS + 1),
                        Map.of("actions", 2L, "width", 512L))
                .map(params -> Tuple.of("text-to-motion", params));
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> badMaterial = Combinators.combine(
                        Arbitraries.of("text-to-material", "image-to-material"),
                        Arbitraries.of("width", "height", "upscale", "actions"),
                        Arbitraries.of(0L, -1L, 3L, PriceList.MAX_SIDE + 1, Long.MAX_VALUE),
                        Arbitraries.of(true, false))
                .as((tool, param, value, leaveOut) -> {
                    Map<String, Long> params = new LinkedHashMap<>(Map.of("width", 1024L, "height", 2048L, "upscale", 2L));
                    if (param.equals("actions")) {
                        params.put("actions", 1L);
                    } else if (leaveOut) {
                        params.remove(param);
                    } else {
                        // 3 is a fine side but not an upscale factor; as a side, make it out of range instead.
                        params.put(param, param.equals("upscale") || value != 3L ? value : PriceList.MAX_SIDE + 1);
                    }
                    return Tuple.of(tool, Map.copyOf(params));
                });
        return Arbitraries.oneOf(unknownTool, paramOnFixed, badActions, badMaterial);
    }

    private static Arbitrary<Step> refunds() {
        Arbitrary<String> jobId = Arbitraries.frequency(Tuple.of(3, LATEST_HOLD), Tuple.of(1, "job-1"), Tuple.of(1, "job-2"),
                Tuple.of(1, "job-3"), Tuple.of(1, "job-4"), Tuple.of(1, "job-5"), Tuple.of(1, "job-6"), Tuple.of(1, "job-never"));
        return Combinators.combine(accounts(), jobId).as(Refund::new);
    }

    /** Holds last an hour by default and a week at most, so waits of minutes and days both cross their expiries. */
    private static Arbitrary<Step> waits() {
        Arbitrary<Duration> duration = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.longs().between(1, 90).map(Duration::ofMinutes)),
                Tuple.of(3, Arbitraries.longs().between(1, 24 * 60).map(Duration::ofMinutes)),
                Tuple.of(3, Arbitraries.longs().between(1, 20).map(Duration::ofDays)),
                Tuple.of(1, Arbitraries.longs().between(25, 70).map(Duration::ofDays)));
        Arbitrary<Step> wait = Combinators.combine(duration, deadlinesFire()).as(Wait::new);
        // An hour before the end, a hold of the default duration expires with the period.
        Arbitrary<Step> toPeriodEnd = Combinators.combine(
                        Arbitraries.of(Duration.ofNanos(-1), Duration.ZERO, Duration.ofSeconds(1), Duration.ofHours(-1), Duration.ofDays(-2)),
                        deadlinesFire())
                .as(WaitForPeriodEnd::new);
        Arbitrary<Step> toHoldExpiry = Combinators.combine(
                        Arbitraries.of(Duration.ofNanos(-1), Duration.ZERO, Duration.ofNanos(1)), deadlinesFire())
                .as(WaitForHoldExpiry::new);
        return Arbitraries.frequencyOf(Tuple.of(4, wait), Tuple.of(2, toPeriodEnd), Tuple.of(1, toHoldExpiry));
    }
}
