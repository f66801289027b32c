package com.creditledger.account;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.ConfigureBalanceAlerts;
import com.creditledger.account.AccountCommand.Keyed;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
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
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.InvalidParamsException;
import com.creditledger.pricing.PriceCatalog;
import com.creditledger.pricing.Quote;
import com.creditledger.pricing.Toolkit;
import com.creditledger.pricing.UnknownToolException;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer's credits: subscription credits (a monthly allocation, spent first, gone when the
 * cycle ends) and top-up credits (bought, never expire, spent after subscription credits).
 * <p>
 * Command handlers decide and answer with a {@link CommandResult}; they never throw for a
 * business rejection. Event sourcing handlers only apply state. Time comes from the injected
 * {@link Clock}; ids come with the commands.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class CreditAccount {

    /** Upper bound of one grant, far above any real package, so balances stay far from overflow. */
    static final Credits MAX_GRANT = Credits.of(1_000_000_000L);
    static final String CYCLE_END = "subscription-cycle-end";
    static final String HOLD_EXPIRY = "hold-expiry";
    /** Far more than the clocks of two instances differ by, or than a command takes. */
    static final Duration EXPIRY_CANCEL_MARGIN = Duration.ofMinutes(1);

    @AggregateIdentifier
    private String accountId;
    private AccountState state;
    /** The account's own thresholds, or null for the service's defaults. */
    private List<AlertThreshold> alertThresholds;

    /** The payload of the deadline that ends a cycle; a deadline of an earlier cycle is ignored. */
    public record CycleEnd(Instant periodStart) {
    }

    /** The payload of the deadline that expires a hold; one for a hold already settled is ignored. */
    public record HoldExpiry(String jobId) {
    }

    protected CreditAccount() {
        // for Axon and for reading snapshots
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public CommandResult handle(OpenAccount command, Clock clock) {
        if (accountId != null) {
            return CommandResult.accepted(balanceAt(clock.instant())).asDuplicate();
        }
        apply(new AccountOpened(command.accountId()));
        return CommandResult.accepted(balanceAt(clock.instant()));
    }

    @CommandHandler
    public CommandResult handle(RenewSubscription command, RequestHistory history, AlertPolicy alerts, Clock clock,
                                DeadlineManager deadlines) {
        Instant now = clock.instant();
        Optional<SubscriptionRenewed> earlier = history.findRenewal(accountId, command.periodStart());
        if (earlier.isPresent()) {
            return resent(command, earlier.get(), history, now);
        }
        if (!command.periodEnd().isAfter(command.periodStart())) {
            return CommandResult.rejected(RejectionReason.INVALID_PERIOD, "periodEnd", "periodEnd must be after periodStart", balanceAt(now));
        }
        if (MAX_GRANT.isLessThan(command.monthlyCredits())) {
            return CommandResult.rejected(RejectionReason.INVALID_AMOUNT, "monthlyCredits",
                    "monthlyCredits must be at most " + MAX_GRANT.amount(), balanceAt(now));
        }
        if (state.cycle() != null && !command.periodStart().isAfter(state.cycle().periodStart())) {
            return CommandResult.rejected(RejectionReason.STALE_PERIOD, "periodStart", "the period must start after "
                    + state.cycle().periodStart() + ", the start of the current one", balanceAt(now));
        }
        // credits of a period that has not begun would be spendable now, and end the running cycle early
        if (command.periodStart().isAfter(now)) {
            return CommandResult.rejected(RejectionReason.PERIOD_NOT_STARTED, "periodStart", "the period starts at "
                    + command.periodStart() + ", after now (" + now + "): send the renewal once it has started", balanceAt(now));
        }
        Credits before = state.spendable();
        // holds that ran out before the new period are settled in the old one
        expireHoldsDueBy(now, history);
        SubscriptionRenewed renewed = new SubscriptionRenewed(accountId, command.plan(), command.monthlyCredits(),
                command.periodStart(), command.periodEnd(), state.subscription());
        remember(renewed, history);
        // a renewal that arrives after its period is over grants credits that are gone already
        boolean late = state.cycleOverAt(now);
        if (late) {
            expireCycle();
        } else {
            deadlines.schedule(command.periodEnd(), CYCLE_END, new CycleEnd(command.periodStart()));
        }
        raiseAlerts(before, alerts);
        CommandResult accepted = CommandResult.accepted(command.monthlyCredits(), null, null, balanceAt(now));
        return late ? accepted.expiredAtOnce(command.monthlyCredits(), command.periodEnd()) : accepted;
    }

    @DeadlineHandler(deadlineName = CYCLE_END)
    public void on(CycleEnd end, RequestHistory history, AlertPolicy alerts, Clock clock, DeadlineManager deadlines) {
        if (state.isRunningCycle(end.periodStart())) {
            settleWhenDue(state.cycle().periodEnd(), CYCLE_END, end, history, alerts, clock, deadlines);
        }
    }

    @DeadlineHandler(deadlineName = HOLD_EXPIRY)
    public void on(HoldExpiry expiry, RequestHistory history, AlertPolicy alerts, Clock clock, DeadlineManager deadlines) {
        CreditsReserved hold = state.holds().get(expiry.jobId());
        // a hold captured or released in time has nothing left to expire
        if (hold != null) {
            settleWhenDue(hold.expiresAt(), HOLD_EXPIRY, expiry, history, alerts, clock, deadlines);
        }
    }

    /**
     * A deadline only says "look now"; the clock decides what is due. One that fires early (a
     * scheduler running ahead of this clock, another instance's clock) settles nothing and is set
     * again for the time still to go by this clock: scheduled by the time the scheduler keeps, it
     * would fire again at once, for as long as the clocks differ.
     */
    private void settleWhenDue(Instant due, String deadline, Object payload, RequestHistory history, AlertPolicy alerts,
                               Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        if (now.isBefore(due)) {
            deadlines.schedule(Duration.between(now, due), deadline, payload);
            return;
        }
        Credits before = state.spendable();
        settleOverdue(now, history);
        raiseAlerts(before, alerts);
    }

    @CommandHandler
    public CommandResult handle(TopUp command, RequestHistory history, AlertPolicy alerts, Clock clock) {
        Instant now = clock.instant();
        Optional<CreditsToppedUp> earlier = history.findTopUp(accountId, command.paymentId());
        if (earlier.isPresent()) {
            return resent(command, earlier.get(), history, now);
        }
        if (command.credits().isZero() || MAX_GRANT.isLessThan(command.credits())) {
            return CommandResult.rejected(RejectionReason.INVALID_AMOUNT, "credits",
                    "credits must be between 1 and " + MAX_GRANT.amount(), balanceAt(now));
        }
        Credits before = state.spendable();
        settleOverdue(now, history);
        CreditsToppedUp toppedUp = new CreditsToppedUp(accountId, command.paymentId(), command.credits(), command.packageId());
        remember(toppedUp, history);
        raiseAlerts(before, alerts);
        return CommandResult.accepted(command.credits(), null, command.credits(), balanceAt(now));
    }

    @CommandHandler
    public CommandResult handle(ChargeJob command, PriceCatalog catalog, RequestHistory history, AlertPolicy alerts, Clock clock) {
        Instant now = clock.instant();
        Optional<AccountEvent> earlier = history.findJob(accountId, command.jobId());
        if (earlier.isPresent()) {
            return resent(command, earlier.get(), history, now);
        }
        Pricing pricing = price(catalog, command.tool(), command.params(), now);
        if (pricing.refusal() != null) {
            return pricing.refusal();
        }
        Quote quote = pricing.quote();
        Credits before = state.spendable();
        settleOverdue(now, history);
        Credits price = quote.credits();
        Credits available = state.spendable();
        if (available.isLessThan(price)) {
            return refusedForWantOfCredits(new ChargeRejected(accountId, command.jobId(), command.tool(), command.params(),
                    RejectionReason.INSUFFICIENT_CREDITS, price, available), jobCosts(price, available), price, before, alerts, now);
        }
        Credits fromSubscription = state.subscription().min(price);
        JobCharged charged = new JobCharged(accountId, command.jobId(), quote.tool(), quote.toolkit(), command.params(),
                quote.catalogVersion(), price, fromSubscription, price.minus(fromSubscription), state.runningCycleStart());
        remember(charged, history);
        raiseAlerts(before, alerts);
        return CommandResult.accepted(price, charged.fromSubscription(), charged.fromTopUp(), balanceAt(now));
    }

    @CommandHandler
    public CommandResult handle(ReserveCredits command, PriceCatalog catalog, RequestHistory history, HoldPolicy holds,
                                AlertPolicy alerts, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        Optional<AccountEvent> earlier = history.findJob(accountId, command.jobId());
        if (earlier.isPresent()) {
            return resent(command, earlier.get(), history, now);
        }
        Instant expiresAt = command.expiresAt() == null ? now.plus(holds.defaultDuration()) : command.expiresAt();
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(holds.maxDuration()))) {
            return CommandResult.rejected(RejectionReason.INVALID_EXPIRY, "expiresAt", "expiresAt must be in the future and at most "
                    + holds.maxDuration() + " from now", balanceAt(now));
        }
        Pricing pricing = price(catalog, command.tool(), command.params(), now);
        if (pricing.refusal() != null) {
            return pricing.refusal();
        }
        Quote quote = pricing.quote();
        Credits before = state.spendable();
        settleOverdue(now, history);
        if (state.holds().size() >= holds.maxOpenHolds()) {
            raiseAlerts(before, alerts);
            return CommandResult.rejected(RejectionReason.TOO_MANY_HOLDS, "jobId", "the account already has "
                    + state.holds().size() + " open holds, the most allowed", balanceAt(now));
        }
        Credits price = quote.credits();
        Credits available = state.spendable();
        if (available.isLessThan(price)) {
            return refusedForWantOfCredits(new ReservationRejected(accountId, command.jobId(), command.tool(), command.params(),
                    RejectionReason.INSUFFICIENT_CREDITS, price, available), jobCosts(price, available), price, before, alerts, now);
        }
        Credits fromSubscription = state.subscription().min(price);
        String expiryDeadlineId = deadlines.schedule(expiresAt, HOLD_EXPIRY, new HoldExpiry(command.jobId()));
        CreditsReserved reserved = new CreditsReserved(accountId, command.jobId(), quote.tool(), quote.toolkit(), command.params(),
                quote.catalogVersion(), price, fromSubscription, price.minus(fromSubscription), state.runningCycleStart(), expiresAt,
                expiryDeadlineId);
        remember(reserved, history);
        raiseAlerts(before, alerts);
        return CommandResult.accepted(price, fromSubscription, reserved.fromTopUp(), balanceAt(now)).expiringAt(expiresAt);
    }

    @CommandHandler
    public CommandResult handle(CaptureCharge command, PriceCatalog catalog, RequestHistory history, AlertPolicy alerts, Clock clock,
                                DeadlineManager deadlines) {
        Instant now = clock.instant();
        CreditsReserved hold = state.holds().get(command.jobId());
        if (hold == null) {
            return captureOfNoHold(command, history, now);
        }
        Credits before = state.spendable();
        if (!hold.expiresAt().isAfter(now)) {
            return expiredFirst(hold, before, history, alerts, now);
        }
        // like any invalid command, final params that cannot be priced change nothing, not even what time has settled
        Pricing pricing = command.params() == null ? null : price(catalog, hold.tool(), command.params(), now);
        if (pricing != null && pricing.refusal() != null) {
            return pricing.refusal();
        }
        settleOverdue(now, history);
        Credits price = pricing == null ? hold.credits() : pricing.quote().credits();
        String catalogVersion = pricing == null ? hold.catalogVersion() : pricing.quote().catalogVersion();
        Map<String, Long> params = pricing == null ? hold.params() : command.params();
        Credits fromHeldSubscription;
        Credits fromHeldTopUp;
        Credits extraFromSubscription = Credits.ZERO;
        Credits extraFromTopUp = Credits.ZERO;
        if (!hold.credits().isLessThan(price)) {
            fromHeldSubscription = hold.fromSubscription().min(price);
            fromHeldTopUp = price.minus(fromHeldSubscription);
        } else {
            Credits extra = price.minus(hold.credits());
            Credits available = state.spendable();
            if (available.isLessThan(extra)) {
                return refusedForWantOfCredits(new CaptureRejected(accountId, command.jobId(), params,
                                RejectionReason.INSUFFICIENT_CREDITS, price, hold.credits(), available),
                        "the final price " + price.amount() + " exceeds the hold of " + hold.credits().amount() + " by "
                                + extra.amount() + " credits; " + available.amount() + " are available", price, before, alerts, now);
            }
            fromHeldSubscription = hold.fromSubscription();
            fromHeldTopUp = hold.fromTopUp();
            extraFromSubscription = state.subscription().min(extra);
            extraFromTopUp = extra.minus(extraFromSubscription);
        }
        Credits unusedSubscription = hold.fromSubscription().minus(fromHeldSubscription);
        boolean sameCycle = state.isRunningCycle(hold.cycleStart());
        HoldCaptured captured = new HoldCaptured(accountId, command.jobId(), hold.tool(), hold.toolkit(), params, catalogVersion,
                price, fromHeldSubscription.plus(extraFromSubscription), fromHeldTopUp.plus(extraFromTopUp), hold.cycleStart(),
                extraFromSubscription.isZero() ? null : state.runningCycleStart(), hold.fromSubscription(), hold.fromTopUp(),
                sameCycle ? unusedSubscription : Credits.ZERO, hold.fromTopUp().minus(fromHeldTopUp),
                sameCycle ? Credits.ZERO : unusedSubscription);
        remember(captured, history);
        cancelExpiry(hold, now, deadlines);
        raiseAlerts(before, alerts);
        return CommandResult.accepted(price, captured.fromSubscription(), captured.fromTopUp(), balanceAt(now));
    }

    @CommandHandler
    public CommandResult handle(ReleaseHold command, RequestHistory history, AlertPolicy alerts, Clock clock,
                                DeadlineManager deadlines) {
        Instant now = clock.instant();
        CreditsReserved hold = state.holds().get(command.jobId());
        if (hold == null) {
            return releaseOfNoHold(command, history, now);
        }
        Credits before = state.spendable();
        if (!hold.expiresAt().isAfter(now)) {
            return expiredFirst(hold, before, history, alerts, now);
        }
        settleOverdue(now, history);
        Credits toSubscription = state.subscriptionBack(hold);
        HoldReleased released = new HoldReleased(accountId, command.jobId(), hold.tool(), hold.toolkit(), command.reason(),
                hold.fromSubscription(), hold.fromTopUp(), toSubscription, hold.fromTopUp(),
                hold.fromSubscription().minus(toSubscription));
        remember(released, history);
        cancelExpiry(hold, now, deadlines);
        raiseAlerts(before, alerts);
        return CommandResult.accepted(toSubscription.plus(hold.fromTopUp()), toSubscription, hold.fromTopUp(), balanceAt(now));
    }

    @CommandHandler
    public CommandResult handle(RefundJob command, RequestHistory history, AlertPolicy alerts, Clock clock) {
        Instant now = clock.instant();
        Optional<AccountEvent> job = history.findJob(accountId, command.jobId());
        Optional<Charged> found = job.filter(JobCharged.class::isInstance).map(charged -> Charged.of((JobCharged) charged));
        if (job.isPresent() && job.get() instanceof CreditsReserved) {
            found = history.findSettlement(accountId, command.jobId())
                    .filter(HoldCaptured.class::isInstance).map(settled -> Charged.of((HoldCaptured) settled));
        }
        if (found.isEmpty()) {
            return CommandResult.rejected(RejectionReason.UNKNOWN_JOB, "jobId", job.isPresent()
                    ? "job " + command.jobId() + " held credits but was never charged: release its hold instead"
                    : "job " + command.jobId() + " was never charged on this account", balanceAt(now));
        }
        Optional<JobRefunded> earlierRefund = history.findRefund(accountId, command.jobId());
        if (earlierRefund.isPresent()) {
            return resent(command, earlierRefund.get(), history, now);
        }
        Credits before = state.spendable();
        settleOverdue(now, history);
        Charged charge = found.get();
        // subscription credits go back only into the cycle they came from, if it is still running
        Credits toSubscription = Credits.ZERO;
        for (Map.Entry<Instant, Credits> drawn : charge.subscriptionByCycle().entrySet()) {
            if (state.isRunningCycle(drawn.getKey())) {
                toSubscription = toSubscription.plus(drawn.getValue());
            }
        }
        JobRefunded refunded = new JobRefunded(accountId, command.jobId(), charge.tool(), charge.toolkit(),
                command.reason(), toSubscription, charge.fromTopUp(), charge.fromSubscription().minus(toSubscription));
        remember(refunded, history);
        raiseAlerts(before, alerts);
        return CommandResult.accepted(toSubscription.plus(charge.fromTopUp()), toSubscription, charge.fromTopUp(), balanceAt(now));
    }

    /** A charge as a refund sees it: its subscription credits by the cycle they were drawn from. */
    private record Charged(String tool, Toolkit toolkit, Credits fromSubscription, Credits fromTopUp,
                           Map<Instant, Credits> subscriptionByCycle) {

        static Charged of(JobCharged charged) {
            return new Charged(charged.tool(), charged.toolkit(), charged.fromSubscription(), charged.fromTopUp(),
                    drawn(charged.cycleStart(), charged.fromSubscription(), null, Credits.ZERO));
        }

        static Charged of(HoldCaptured captured) {
            Credits extra = captured.extraFromSubscription();
            return new Charged(captured.tool(), captured.toolkit(), captured.fromSubscription(), captured.fromTopUp(),
                    drawn(captured.cycleStart(), captured.fromSubscription().minus(extra), captured.extraCycleStart(), extra));
        }

        private static Map<Instant, Credits> drawn(Instant cycle, Credits credits, Instant otherCycle, Credits otherCredits) {
            Map<Instant, Credits> byCycle = new java.util.HashMap<>();
            if (cycle != null && !credits.isZero()) {
                byCycle.merge(cycle, credits, Credits::plus);
            }
            if (otherCycle != null && !otherCredits.isZero()) {
                byCycle.merge(otherCycle, otherCredits, Credits::plus);
            }
            return byCycle;
        }
    }

    @CommandHandler
    public CommandResult handle(ConfigureBalanceAlerts command, Clock clock) {
        Instant now = clock.instant();
        if (Objects.equals(alertThresholds, command.thresholds())) {
            return CommandResult.accepted(balanceAt(now)).asDuplicate();
        }
        apply(new BalanceAlertsConfigured(accountId, command.thresholds()));
        return CommandResult.accepted(balanceAt(now));
    }

    /**
     * The one idempotency rule, for every keyed request (see {@link Keyed}): the same request
     * again gets its first answer, marked duplicate; another request under a used key is refused.
     */
    private CommandResult resent(Keyed command, AccountEvent recorded, RequestHistory history, Instant now) {
        if (!command.repeats(recorded)) {
            return conflict(command.conflictingField(), command.keyField() + " " + command.key() + " was already used by a "
                    + RequestHistory.Kind.of(recorded).name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " with other terms", now);
        }
        return firstAnswer(recorded, history, now).asDuplicate();
    }

    private CommandResult firstAnswer(AccountEvent recorded, RequestHistory history, Instant now) {
        if (recorded instanceof SubscriptionRenewed renewal) {
            return CommandResult.accepted(renewal.monthlyCredits(), null, null, balanceAt(now));
        } else if (recorded instanceof CreditsToppedUp topUp) {
            return CommandResult.accepted(topUp.credits(), null, topUp.credits(), balanceAt(now));
        } else if (recorded instanceof JobCharged charge) {
            return CommandResult.accepted(charge.credits(), charge.fromSubscription(), charge.fromTopUp(), balanceAt(now));
        } else if (recorded instanceof CreditsReserved hold) {
            return resentReservation(hold, history, now);
        } else if (recorded instanceof HoldCaptured capture) {
            return CommandResult.accepted(capture.credits(), capture.fromSubscription(), capture.fromTopUp(), balanceAt(now));
        } else if (recorded instanceof HoldReleased release) {
            return CommandResult.accepted(release.toSubscription().plus(release.toTopUp()), release.toSubscription(),
                    release.toTopUp(), balanceAt(now));
        } else if (recorded instanceof JobRefunded refund) {
            // a refund is not paid twice: its repeat says so, with the credits the first one gave back
            return CommandResult.rejected(RejectionReason.ALREADY_REFUNDED, "jobId", "job " + refund.jobId() + " was already refunded",
                    balanceAt(now)).withCredits(refund.toSubscription().plus(refund.toTopUp()));
        }
        throw new IllegalStateException("no request is recorded as " + recorded.getClass().getSimpleName());
    }

    /**
     * A reservation sent again answers as the first did while its credits are held or were
     * charged. Once they went back (released, or expired even if not recorded yet) it says so, so
     * that a job service retrying a reservation never starts a job on credits no longer held.
     */
    private CommandResult resentReservation(CreditsReserved hold, RequestHistory history, Instant now) {
        CreditsReserved open = state.holds().get(hold.jobId());
        if (open != null && !open.expiresAt().isAfter(now)) {
            return expired(hold, now);
        }
        Optional<AccountEvent> settlement = open == null ? history.findSettlement(accountId, hold.jobId()) : Optional.empty();
        if (settlement.isPresent() && !(settlement.get() instanceof HoldCaptured)) {
            return settledBefore(hold.jobId(), settlement.get(), now);
        }
        return CommandResult.accepted(hold.credits(), hold.fromSubscription(), hold.fromTopUp(), balanceAt(now))
                .expiringAt(hold.expiresAt());
    }

    /** A capture of a job that holds nothing now: repeated, too late, or never held. */
    private CommandResult captureOfNoHold(CaptureCharge command, RequestHistory history, Instant now) {
        Optional<AccountEvent> settlement = history.findSettlement(accountId, command.jobId());
        if (settlement.isPresent() && settlement.get() instanceof HoldCaptured captured) {
            return resent(command, captured, history, now);
        }
        return settlement.map(ended -> settledBefore(command.jobId(), ended, now)).orElseGet(() -> noHold(command.jobId(), history, now));
    }

    /** A release of a job that holds nothing now: repeated, too late, or never held. */
    private CommandResult releaseOfNoHold(ReleaseHold command, RequestHistory history, Instant now) {
        Optional<AccountEvent> settlement = history.findSettlement(accountId, command.jobId());
        if (settlement.isPresent() && settlement.get() instanceof HoldReleased released) {
            return resent(command, released, history, now);
        }
        return settlement.map(ended -> settledBefore(command.jobId(), ended, now)).orElseGet(() -> noHold(command.jobId(), history, now));
    }

    private CommandResult settledBefore(String jobId, AccountEvent settlement, Instant now) {
        if (settlement instanceof HoldCaptured) {
            return CommandResult.rejected(RejectionReason.HOLD_CAPTURED, "jobId", "the hold of job " + jobId + " was captured", balanceAt(now));
        } else if (settlement instanceof HoldReleased) {
            return CommandResult.rejected(RejectionReason.HOLD_RELEASED, "jobId", "the hold of job " + jobId + " was released", balanceAt(now));
        }
        HoldExpired expired = (HoldExpired) settlement;
        return CommandResult.rejected(RejectionReason.HOLD_EXPIRED, "jobId",
                "the hold of job " + jobId + " expired at " + expired.expiresAt(), balanceAt(now));
    }

    private CommandResult noHold(String jobId, RequestHistory history, Instant now) {
        boolean charged = history.findJob(accountId, jobId).filter(JobCharged.class::isInstance).isPresent();
        return CommandResult.rejected(RejectionReason.UNKNOWN_HOLD, "jobId", charged
                ? "job " + jobId + " was charged directly and holds nothing"
                : "job " + jobId + " holds no credits on this account", balanceAt(now));
    }

    /** A hold found past its expiry is expired first, with whatever else time has settled; the command is refused. */
    private CommandResult expiredFirst(CreditsReserved hold, Credits before, RequestHistory history, AlertPolicy alerts,
                                       Instant now) {
        settleOverdue(now, history);
        raiseAlerts(before, alerts);
        return expired(hold, now);
    }

    private CommandResult expired(CreditsReserved hold, Instant now) {
        return CommandResult.rejected(RejectionReason.HOLD_EXPIRED, "jobId",
                "the hold of job " + hold.jobId() + " expired at " + hold.expiresAt(), balanceAt(now));
    }

    /** A refusal for want of credits is a decision on the balance, so it is recorded (after what time has settled). */
    private CommandResult refusedForWantOfCredits(AccountEvent refusal, String message, Credits price, Credits before,
                                                  AlertPolicy alerts, Instant now) {
        apply(refusal);
        raiseAlerts(before, alerts);
        return insufficient(message, price, now);
    }

    private static String jobCosts(Credits price, Credits available) {
        return "the job costs " + price.amount() + " credits; " + available.amount() + " are available";
    }

    private CommandResult insufficient(String message, Credits price, Instant now) {
        return CommandResult.rejected(RejectionReason.INSUFFICIENT_CREDITS, null, message, balanceAt(now)).withCredits(price);
    }

    /** The catalog's price of a job, or the refusal saying why it has none. */
    private record Pricing(Quote quote, CommandResult refusal) {
    }

    private Pricing price(PriceCatalog catalog, String tool, Map<String, Long> params, Instant now) {
        try {
            return new Pricing(catalog.quote(tool, params), null);
        } catch (UnknownToolException e) {
            return new Pricing(null, CommandResult.rejected(RejectionReason.UNKNOWN_TOOL, "tool", e.getMessage(), balanceAt(now)));
        } catch (InvalidParamsException e) {
            return new Pricing(null, CommandResult.rejected(RejectionReason.INVALID_PARAMS, "params." + e.field(),
                    e.getMessage(), balanceAt(now)));
        }
    }

    private CommandResult conflict(String field, String message, Instant now) {
        return CommandResult.rejected(RejectionReason.IDEMPOTENCY_CONFLICT, field, message, balanceAt(now));
    }

    /**
     * Records what the passage of time has already decided, in the order it happened: holds past
     * their expiry and a cycle past its end, whether or not their deadlines have fired yet.
     */
    private void settleOverdue(Instant now, RequestHistory history) {
        expireHoldsDueBy(now, history);
        if (state.cycleOverAt(now)) {
            expireCycle();
        }
    }

    private void expireHoldsDueBy(Instant time, RequestHistory history) {
        if (state.holds().isEmpty()) {
            return;
        }
        List<CreditsReserved> due = state.holds().values().stream()
                .filter(hold -> !hold.expiresAt().isAfter(time))
                .sorted(Comparator.comparing(CreditsReserved::expiresAt).thenComparing(CreditsReserved::jobId))
                .toList();
        for (CreditsReserved hold : due) {
            if (state.cycleOverAt(hold.expiresAt())) {
                expireCycle();
            }
            Credits toSubscription = state.subscriptionBack(hold);
            HoldExpired expired = new HoldExpired(accountId, hold.jobId(), hold.tool(), hold.toolkit(), hold.expiresAt(),
                    hold.fromSubscription(), hold.fromTopUp(), toSubscription, hold.fromTopUp(),
                    hold.fromSubscription().minus(toSubscription));
            remember(expired, history);
        }
    }

    /**
     * A settled hold's expiry would fire and find nothing to do; cancelled instead (in the same
     * transaction), so that pending deadlines stay as few as the open holds. Close to its time the
     * scheduler may already be running it, and cancelling a running task fails the transaction:
     * such a deadline is left to fire, as a no-op.
     */
    private static void cancelExpiry(CreditsReserved hold, Instant now, DeadlineManager deadlines) {
        if (hold.expiryDeadlineId() != null && hold.expiresAt().isAfter(now.plus(EXPIRY_CANCEL_MARGIN))) {
            deadlines.cancelSchedule(HOLD_EXPIRY, hold.expiryDeadlineId());
        }
    }

    /** Applies the event of an accepted request and files it under the request's key, pointing at its place in the stream. */
    private static void remember(AccountEvent event, RequestHistory history) {
        apply(event);
        history.remember(event, AggregateLifecycle.getVersion());
    }

    private void expireCycle() {
        apply(new SubscriptionCreditsExpired(accountId, state.subscription(), state.cycle().periodStart(), state.cycle().periodEnd()));
    }

    /**
     * Alerts are decided here, once, from the balance before and after a command, and recorded
     * as events: replaying the stream never re-decides them, whatever the defaults are by then.
     */
    private void raiseAlerts(Credits before, AlertPolicy policy) {
        Credits after = state.spendable();
        if (!after.isLessThan(before)) {
            return;
        }
        List<AlertThreshold> thresholds = alertThresholds == null ? policy.defaults() : alertThresholds;
        Credits allocation = state.allocation();
        // most charges cross nothing: find out without building anything
        boolean crossed = false;
        for (AlertThreshold threshold : thresholds) {
            crossed |= crosses(threshold.resolve(allocation), before, after);
        }
        if (!crossed) {
            return;
        }
        record Limit(AlertThreshold threshold, Credits credits) {
        }
        // highest first: the order in which a falling balance passes them
        List<Limit> limits = thresholds.stream()
                .map(threshold -> new Limit(threshold, threshold.resolve(allocation)))
                .filter(limit -> crosses(limit.credits(), before, after))
                .sorted(Comparator.comparing(Limit::credits).reversed())
                .toList();
        for (Limit limit : limits) {
            apply(limit.credits().isZero()
                    ? new CreditsRanOut(accountId, before)
                    : new BalanceFellBelowThreshold(accountId, limit.threshold(), limit.credits(), before, after));
        }
    }

    /** A fall to zero crosses "ran out"; any other threshold is crossed from at or above it to below it. */
    private static boolean crosses(Credits limit, Credits before, Credits after) {
        if (limit == null) {
            return false;
        }
        return limit.isZero() ? after.isZero() : !before.isLessThan(limit) && after.isLessThan(limit);
    }

    private Balance balanceAt(Instant now) {
        return accountId == null ? null : state.balanceAt(now);
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = event.accountId();
        state = AccountState.OPENED;
    }

    @EventSourcingHandler
    void on(BalanceAlertsConfigured event) {
        alertThresholds = event.thresholds();
    }

    @EventSourcingHandler
    void on(AccountEvent event) {
        if (!(event instanceof AccountOpened)) {
            state = state.apply(event);
        }
    }
}
