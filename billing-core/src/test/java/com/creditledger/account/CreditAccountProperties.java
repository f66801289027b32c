package com.creditledger.account;

import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
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
import org.axonframework.test.deadline.StubDeadlineManager;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * Answers are held to the rules exactly: what they show is what can be spent at the clock's time. The stored events
 * cannot always say that on their own, because the end of a cycle is recorded only when its deadline fires or a
 * command moves credits; until then the events still hold the ended cycle's credits. So the events are checked twice,
 * and neither check forgives a wrong event: their sum must equal what the reference ledger says has been recorded,
 * unrecorded lapse included (see {@link ReferenceAccount#unrecordedLapse}), and the same sum read at the clock's
 * time, the lapse taken out, must equal the balance the account shows.
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

    /** Full shrinking: a history that crosses period ends only shrinks to its few essential steps given the time. */
    @Property(tries = 2500, shrinking = ShrinkingMode.BOUNDED)
    void every_answer_and_every_balance_follows_the_rules(@ForAll("histories") List<Step> history) {
        try (Ledger ledger = Ledger.replayingEveryCommand()) {
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
                    Instant target = time.target(live.clock.instant());
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
                    assertThat(fold(live.events(account), live.clock.instant()).spendable())
                            .as(trace.failure("folded events of " + account + " read at the clock's time")).isEqualTo(liveBalance);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Running a history and checking every step

    private static void passTime(Ledger ledger, ReferenceLedger reference, Trace trace, TimeStep time) {
        Instant target = time.target(ledger.clock.instant());
        ledger.advanceTo(target, time.deadlinesFire());
        reference.advanceTo(target, time.deadlinesFire());
        trace.add(time + " -> now " + target);
        for (String account : ACCOUNTS) {
            checkStoredEvents(ledger, reference, trace, account);
        }
    }

    /**
     * The events must hold exactly what the rules say has been recorded, an ended cycle's credits included for as long
     * as its end is not recorded; with a scheduler that keeps up, the reference ledger leaves no end unrecorded, so
     * there the events alone must show what expired.
     */
    private static void checkStoredEvents(Ledger ledger, ReferenceLedger reference, Trace trace, String account) {
        ReferenceAccount expected = reference.account(account);
        if (expected.open) {
            assertThat(fold(ledger.events(account), ledger.clock.instant()))
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
        assertThat(balance.subscription().amount() >= 0 && balance.topUp().amount() >= 0)
                .as(trace.failure("a balance below zero")).isTrue();
        // Apart from the reference ledger: what the events say is spendable now is what the account shows.
        Instant now = ledger.clock.instant();
        assertThat(fold(ledger.events(account), now).spendable())
                .as(trace.failure("all events of " + account + " folded, less what lapsed unrecorded")).isEqualTo(balance);

        if (command instanceof ChargeJob && result.isAccepted() && !result.duplicate()) {
            // Checked apart from the reference ledger too: subscription credits go first, whatever the model says.
            assertThat(result.fromSubscription().plus(result.fromTopUp())).as(failure).isEqualTo(result.credits());
            if (!result.fromTopUp().isZero()) {
                assertThat(balance.subscription()).as(trace.failure("top-up credits spent while subscription credits were left"))
                        .isEqualTo(Credits.ZERO);
            }
        }

        if (expected.appends == null) {
            assertThat(appended).as(trace.failure("events appended by a command that must change nothing")).isEmpty();
            assertThat(balance).as(trace.failure("balance after a command that must change nothing"))
                    .isEqualTo(fold(eventsBefore, now).spendable());
        } else {
            // Exactly the decision, preceded by the end of a cycle when a top-up, charge or refund finds one unrecorded.
            List<Class<? extends AccountEvent>> kinds = expected.recordsExpiryFirst()
                    ? List.of(SubscriptionCreditsExpired.class, expected.appends()) : List.of(expected.appends());
            assertThat(appended.stream().map(AccountEvent::getClass).toList()).as(trace.failure("events appended"))
                    .isEqualTo(kinds);
        }
        ledger.fireDueDeadlines();
        checkStoredEvents(ledger, reference, trace, account);
    }

    private static List<AccountEvent> appended(List<AccountEvent> before, List<AccountEvent> after) {
        assertThat(after.subList(0, Math.min(before.size(), after.size()))).as("the stored stream was rewritten").isEqualTo(before);
        return after.subList(before.size(), after.size());
    }

    /**
     * What the stored events hold, read at {@code now}: {@code recorded} is their plain sum (grants, less what expired,
     * less charges, plus refunds); the rest says whether the latest cycle is over at {@code now} with no record of its
     * end yet, and with how many of its credits. An answer cannot spend or show those, so {@link #spendable()} leaves
     * them out. Events that contradict each other fail here, where the message can show the stream.
     */
    record Fold(Balance recorded, boolean expiryUnrecorded, long unrecordedLapse) {

        Balance spendable() {
            return new Balance(recorded.subscription().minus(Credits.of(unrecordedLapse)), recorded.topUp());
        }
    }

    private static Fold fold(List<AccountEvent> events, Instant now) {
        long subscription = 0;
        long topUp = 0;
        SubscriptionRenewed cycle = null;
        boolean cycleEnded = false;
        for (AccountEvent event : events) {
            if (event instanceof SubscriptionRenewed e) {
                // A new cycle resets the allocation: whatever was left of the previous one expires with it.
                if (e.expiredCredits().amount() != subscription) {
                    throw new AssertionError("a renewal expired " + e.expiredCredits() + " of " + subscription + " at " + event + " in " + events);
                }
                subscription = e.monthlyCredits().amount();
                cycle = e;
                cycleEnded = false;
            } else if (event instanceof SubscriptionCreditsExpired e) {
                if (cycle == null || cycleEnded
                        || !e.periodStart().equals(cycle.periodStart()) || !e.periodEnd().equals(cycle.periodEnd())) {
                    throw new AssertionError("the end of a cycle that is not the running one at " + event + " in " + events);
                }
                if (e.expiredCredits().amount() != subscription) {
                    throw new AssertionError("an expiry of " + e.expiredCredits() + " of " + subscription + " at " + event + " in " + events);
                }
                subscription = 0;
                cycleEnded = true;
            } else if (event instanceof CreditsToppedUp e) {
                topUp += e.credits().amount();
            } else if (event instanceof JobCharged e) {
                subscription -= e.fromSubscription().amount();
                topUp -= e.fromTopUp().amount();
            } else if (event instanceof JobRefunded e) {
                subscription += e.toSubscription().amount();
                topUp += e.toTopUp().amount();
            }
            if (subscription < 0 || topUp < 0) {
                throw new AssertionError("the events went below zero at " + event + " in " + events);
            }
        }
        boolean over = cycle != null && !cycleEnded && !now.isBefore(cycle.periodEnd());
        return new Fold(new Balance(Credits.of(subscription), Credits.of(topUp)), over, over ? subscription : 0);
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
        final EventSourcingRepository<CreditAccount> repository;
        final CommandGateway gateway;
        private final boolean ownsStore;
        private final List<AccountCommand> sent = new ArrayList<>();
        boolean schedulerLags;

        /** Loads each account from its events for every command, as the service does. */
        static Ledger replayingEveryCommand() {
            return new Ledger(emptyStore(), new InMemoryRequestHistory(), new MutableClock(START), NoCache.INSTANCE, true);
        }

        /** Keeps each loaded account in a cache, so it is built once and then only by events as they are applied. */
        static Ledger keepingAccountsInMemory() {
            return new Ledger(emptyStore(), new InMemoryRequestHistory(), new MutableClock(START), new WeakReferenceCache(), true);
        }

        /**
         * A second runtime over this one's stream, request history and clock, which replays for every command. The
         * clock is shared because answers depend on it: an account on its own clock would read another moment.
         */
        Ledger replayingFromTheSameStore() {
            return new Ledger(eventStore, requests, clock, NoCache.INSTANCE, false);
        }

        private static EventStore emptyStore() {
            return EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        }

        private Ledger(EventStore eventStore, RequestHistory requests, MutableClock clock, Cache cache, boolean ownsStore) {
            this.clock = clock;
            this.eventStore = eventStore;
            this.requests = requests;
            this.ownsStore = ownsStore;
            ParameterResolverFactory resources = MultiParameterResolverFactory.ordered(
                    new SimpleResourceParameterResolverFactory(Set.of(CATALOG, requests, clock, deadlines, HoldPolicy.STANDARD, new AlertPolicy(List.of()))),
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
            AccountCommand command = step.command(clock.instant(), sent);
            if (command != null) {
                sent.add(command);
            }
            return command;
        }

        Outcome send(AccountCommand command) {
            try {
                return new Outcome(gateway.sendAndWait(command));
            } catch (AggregateNotFoundException e) {
                return Outcome.NO_ACCOUNT;
            }
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

    /** Everything about an answer but its wording. Credits as plain numbers, null where the answer has none. */
    record Answer(Status status, RejectionReason reason, String field, boolean duplicate,
                  Long credits, Long fromSubscription, Long fromTopUp, Long subscription, Long topUp) {

        static final Answer NO_ACCOUNT = new Answer(null, RejectionReason.UNKNOWN_ACCOUNT, null, false, null, null, null, null, null);

        static Answer of(CommandResult result) {
            return new Answer(result.status(), result.reason(), result.field(), result.duplicate(), amount(result.credits()),
                    amount(result.fromSubscription()), amount(result.fromTopUp()),
                    result.balance() == null ? null : result.balance().subscription().amount(),
                    result.balance() == null ? null : result.balance().topUp().amount());
        }

        Answer asDuplicate() {
            return new Answer(status, reason, field, true, credits, fromSubscription, fromTopUp, subscription, topUp);
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
            return text.append(", balance ").append(subscription).append('/').append(topUp).toString();
        }
    }

    /**
     * What the rules say a command answers, and which event records its decision (null: it must change nothing).
     * {@code recordsExpiryFirst}: the command decides on the balance (top-up, charge, refund) after a cycle ended
     * unrecorded, so the account has to record that end before the decision, or the stream would read as if the
     * decision had had the ended cycle's credits.
     */
    record Expected(Answer answer, Class<? extends AccountEvent> appends, boolean recordsExpiryFirst) {

        static Expected unchanged(Answer answer) {
            return new Expected(answer, null, false);
        }

        static Expected recordedBy(Class<? extends AccountEvent> appends, Answer answer) {
            return new Expected(answer, appends, false);
        }

        @Override
        public String toString() {
            return answer + (appends == null ? ", no events" : ", recorded by " + (recordsExpiryFirst ? "SubscriptionCreditsExpired, " : "")
                    + appends.getSimpleName());
        }
    }

    private static final class ReferenceLedger {

        private final Map<String, ReferenceAccount> accounts = new HashMap<>();
        private Instant now = START;
        private boolean schedulerLags;

        ReferenceAccount account(String accountId) {
            return accounts.computeIfAbsent(accountId, id -> new ReferenceAccount());
        }

        /** The rules tie expiry to the end of the period, not to whether a deadline has fired yet. */
        void advanceTo(Instant instant, boolean deadlinesFire) {
            now = instant;
            schedulerLags = !deadlinesFire;
            for (ReferenceAccount account : accounts.values()) {
                account.expireIfOver(now);
                if (!schedulerLags) {
                    account.settle();
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
            } else {
                expected = account.refund((RefundJob) command);
            }
            if (!schedulerLags) {
                account.settle();
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

        record ChargedJob(String tool, Map<String, Long> params, long credits, long fromSubscription, long fromTopUp,
                          Period chargedIn) {
        }

        boolean open;
        long subscription;
        long topUp;
        /** The period whose subscription credits are spendable; null before any renewal and once it has ended. */
        Period current;
        Instant latestPeriodStart;
        final Map<Instant, Renewal> renewals = new HashMap<>();
        final Map<String, Payment> payments = new HashMap<>();
        final Map<String, ChargedJob> charges = new HashMap<>();
        final Map<String, Long> refunds = new HashMap<>();
        /**
         * The rules end a period at its end, but the account records that end only when the deadline fires or a command
         * moves credits; a renewal records it as the rest of the previous cycle. Until then the stored events still hold
         * the ended period's credits, so the model keeps them here, out of {@link #subscription}: no answer may show or
         * spend them, and the events must hold exactly them. {@code expiryUnrecorded} also covers a period that ended
         * with nothing left, whose end must be recorded all the same.
         */
        long unrecordedLapse;
        boolean expiryUnrecorded;

        /** What can be spent now, and so what every answer shows. */
        Balance balance() {
            return new Balance(Credits.of(subscription), Credits.of(topUp));
        }

        /** What the stored events must hold at this moment. */
        Fold stored() {
            return new Fold(new Balance(Credits.of(subscription + unrecordedLapse), Credits.of(topUp)), expiryUnrecorded, unrecordedLapse);
        }

        void expireIfOver(Instant now) {
            if (current != null && !now.isBefore(current.end())) {
                unrecordedLapse = subscription;
                expiryUnrecorded = true;
                subscription = 0;
                current = null;
            }
        }

        /** The account records the period that ended, if one is unrecorded; answers whether there was one. */
        boolean settle() {
            boolean unrecorded = expiryUnrecorded;
            unrecordedLapse = 0;
            expiryUnrecorded = false;
            return unrecorded;
        }

        /** A decision on the balance, which must not be taken on credits of a period that has ended. */
        private static Expected decision(Class<? extends AccountEvent> recordedBy, Answer answer, boolean recordsExpiryFirst) {
            return new Expected(answer, recordedBy, recordsExpiryFirst);
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
            // No expiry event of its own: the renewal's expiredCredits record what was left, lapsed or not.
            settle();
            renewals.put(command.periodStart(), terms);
            latestPeriodStart = command.periodStart();
            current = new Period(command.periodStart(), command.periodEnd());
            subscription = terms.monthlyCredits();
            // A renewal that arrives after its period is over grants credits that expired with that period.
            expireIfOver(now);
            return Expected.recordedBy(SubscriptionRenewed.class, accepted(terms.monthlyCredits(), null, null));
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
            boolean expiresFirst = settle();
            payments.put(command.paymentId(), payment);
            topUp += payment.credits();
            return decision(CreditsToppedUp.class, accepted(payment.credits(), null, payment.credits()), expiresFirst);
        }

        Expected charge(ChargeJob command) {
            ChargedJob earlier = charges.get(command.jobId());
            if (earlier != null) {
                return earlier.tool().equals(command.tool()) && earlier.params().equals(command.params())
                        ? unchanged(accepted(earlier.credits(), earlier.fromSubscription(), earlier.fromTopUp()).asDuplicate())
                        : unchanged(rejected(RejectionReason.IDEMPOTENCY_CONFLICT, "jobId"));
            }
            PriceList.Price price = PriceList.price(command.tool(), command.params());
            if (price.rejection() != null) {
                return unchanged(rejected(price.rejection(), price.field()));
            }
            // Even a charge that is then refused records the end first: it decided on the balance without those credits.
            boolean expiresFirst = settle();
            long credits = price.credits();
            if (credits > subscription + topUp) {
                Answer answer = new Answer(Status.REJECTED, RejectionReason.INSUFFICIENT_CREDITS, null, false, credits,
                        null, null, subscription, topUp);
                return decision(ChargeRejected.class, answer, expiresFirst);
            }
            long fromSubscription = Math.min(subscription, credits);
            long fromTopUp = credits - fromSubscription;
            subscription -= fromSubscription;
            topUp -= fromTopUp;
            charges.put(command.jobId(), new ChargedJob(command.tool(), command.params(), credits, fromSubscription, fromTopUp, current));
            return decision(JobCharged.class, accepted(credits, fromSubscription, fromTopUp), expiresFirst);
        }

        Expected refund(RefundJob command) {
            ChargedJob charge = charges.get(command.jobId());
            if (charge == null) {
                return unchanged(rejected(RejectionReason.UNKNOWN_JOB, "jobId"));
            }
            Long refunded = refunds.get(command.jobId());
            if (refunded != null) {
                Answer answer = new Answer(Status.REJECTED, RejectionReason.ALREADY_REFUNDED, "jobId", true, refunded,
                        null, null, subscription, topUp);
                return unchanged(answer);
            }
            boolean expiresFirst = settle();
            // Subscription credits go back only into the period they came from; an ended period's would have expired.
            long toSubscription = charge.chargedIn() != null && charge.chargedIn().equals(current) ? charge.fromSubscription() : 0;
            subscription += toSubscription;
            topUp += charge.fromTopUp();
            refunds.put(command.jobId(), toSubscription + charge.fromTopUp());
            return decision(JobRefunded.class, accepted(toSubscription + charge.fromTopUp(), toSubscription, charge.fromTopUp()), expiresFirst);
        }

        private Answer accepted(Long credits, Long fromSubscription, Long fromTopUp) {
            return new Answer(Status.ACCEPTED, null, null, false, credits, fromSubscription, fromTopUp, subscription, topUp);
        }

        private Answer rejected(RejectionReason reason, String field) {
            return new Answer(Status.REJECTED, reason, field, false, null, null, null, subscription, topUp);
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

    /** A command, made concrete only when it is sent, because renewals name periods relative to the clock. */
    sealed interface CommandStep extends Step permits Open, Renew, BuyTopUp, Charge, Refund, Resend {
        AccountCommand command(Instant now, List<AccountCommand> sentBefore);
    }

    sealed interface TimeStep extends Step permits Wait, WaitForPeriodEnd {
        Instant target(Instant now);

        boolean deadlinesFire();
    }

    record Open(String account) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore) {
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
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore) {
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
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore) {
            return new TopUp(account, paymentId, Credits.of(credits), packageId);
        }

        @Override
        public String toString() {
            return "TopUp(" + account + ", " + paymentId + ", " + credits + (packageId == null ? "" : ", " + packageId) + ")";
        }
    }

    record Charge(String account, String jobId, String tool, Map<String, Long> params) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore) {
            return new ChargeJob(account, jobId, tool, params);
        }

        @Override
        public String toString() {
            return "Charge(" + account + ", " + jobId + ", " + tool + " " + new TreeMap<>(params) + ")";
        }
    }

    record Refund(String account, String jobId) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore) {
            return new RefundJob(account, jobId, "generation failed");
        }

        @Override
        public String toString() {
            return "Refund(" + account + ", " + jobId + ")";
        }
    }

    /** Sends an earlier command again, exactly as it was: the way retries and redeliveries arrive. */
    record Resend(int stepsBack) implements CommandStep {
        @Override
        public AccountCommand command(Instant now, List<AccountCommand> sentBefore) {
            return sentBefore.isEmpty() ? null : sentBefore.get(Math.max(0, sentBefore.size() - 1 - stepsBack));
        }

        @Override
        public String toString() {
            return "Resend(" + stepsBack + " back)";
        }
    }

    record Wait(Duration duration, boolean deadlinesFire) implements TimeStep {
        @Override
        public Instant target(Instant now) {
            return now.plus(duration);
        }

        @Override
        public String toString() {
            return "Wait(" + duration + (deadlinesFire ? "" : ", deadlines lag") + ")";
        }
    }

    /** Lands on, or a hair either side of, the end of the calendar month the clock is in: a period end. */
    record WaitForPeriodEnd(Duration offset, boolean deadlinesFire) implements TimeStep {
        @Override
        public Instant target(Instant now) {
            Instant target = monthOf(now).plusMonths(1).toInstant().plus(offset);
            return target.isAfter(now) ? target : now;
        }

        @Override
        public String toString() {
            return "WaitForPeriodEnd(" + offset + (deadlinesFire ? "" : ", deadlines lag") + ")";
        }
    }

    static ZonedDateTime monthOf(Instant now) {
        return ZonedDateTime.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(2, opens()),
                Tuple.of(5, renewals()),
                Tuple.of(6, payments()),
                Tuple.of(12, charges()),
                Tuple.of(6, refunds()),
                Tuple.of(4, Arbitraries.integers().between(0, 6).map(Resend::new)),
                Tuple.of(6, waits()));
        // Most histories begin by opening the account; the rest check that nothing happens to an account that is not there.
        // False comes first so that shrinking drops an opening the failure does not need.
        return Combinators.combine(Arbitraries.frequency(Tuple.of(1, false), Tuple.of(9, true)),
                        Arbitraries.frequency(Tuple.of(1, false), Tuple.of(1, true)),
                        step.list().ofMinSize(1).ofMaxSize(40))
                .as((opensAccount, opensBystander, steps) -> {
                    List<Step> history = new ArrayList<>();
                    if (opensAccount) {
                        history.add(new Open(ACCOUNT));
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
        Arbitrary<Integer> monthOffset = Arbitraries.frequency(Tuple.of(1, -2), Tuple.of(3, -1), Tuple.of(10, 0), Tuple.of(3, 1));
        Arbitrary<String> plan = Arbitraries.frequency(Tuple.of(8, "pro"), Tuple.of(1, "team"));
        Arbitrary<Long> monthly = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(0L, 10L, 50L, 100L, 300L)),
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
        // A short menu makes "the same job sent again with the same request" common; the rest explores prices.
        Arbitrary<Tuple.Tuple2<String, Map<String, Long>>> request = Arbitraries.frequencyOf(
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
        return Combinators.combine(accounts(), jobId, request).as((account, job, r) -> new Charge(account, job, r.get1(), r.get2()));
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
        return Combinators.combine(accounts(), Arbitraries.of("job-1", "job-2", "job-3", "job-4", "job-5", "job-never"))
                .as(Refund::new);
    }

    private static Arbitrary<Step> waits() {
        Arbitrary<Duration> duration = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1, 24 * 60).map(Duration::ofMinutes)),
                Tuple.of(3, Arbitraries.longs().between(1, 20).map(Duration::ofDays)),
                Tuple.of(1, Arbitraries.longs().between(25, 70).map(Duration::ofDays)));
        Arbitrary<Step> wait = Combinators.combine(duration, deadlinesFire()).as(Wait::new);
        Arbitrary<Step> toPeriodEnd = Combinators.combine(
                        Arbitraries.of(Duration.ofNanos(-1), Duration.ZERO, Duration.ofSeconds(1)), deadlinesFire())
                .as(WaitForPeriodEnd::new);
        return Arbitraries.frequencyOf(Tuple.of(2, wait), Tuple.of(1, toPeriodEnd));
    }
}
