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
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.InvalidParamsException;
import com.creditledger.pricing.PriceCatalog;
import com.creditledger.pricing.Quote;
import com.creditledger.pricing.UnknownToolException;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import java.time.Clock;
import java.time.Instant;
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

    @AggregateIdentifier
    private String accountId;
    private AccountState state;

    /** The payload of the deadline that ends a cycle; a deadline of an earlier cycle is ignored. */
    public record CycleEnd(Instant periodStart) {
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
    public CommandResult handle(RenewSubscription command, RequestHistory history, Clock clock, DeadlineManager deadlines) {
        Instant now = clock.instant();
        Optional<SubscriptionRenewed> earlier = history.findRenewal(accountId, command.periodStart());
        if (earlier.isPresent()) {
            SubscriptionRenewed renewal = earlier.get();
            boolean same = renewal.plan().equals(command.plan())
                    && renewal.monthlyCredits().equals(command.monthlyCredits())
                    && renewal.periodEnd().equals(command.periodEnd());
            return same
                    ? CommandResult.accepted(renewal.monthlyCredits(), null, null, balanceAt(now)).asDuplicate()
                    : conflict("periodStart", "a renewal for the period starting " + command.periodStart()
                    + " was already recorded with other terms", now);
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
        SubscriptionRenewed renewed = new SubscriptionRenewed(accountId, command.plan(), command.monthlyCredits(),
                command.periodStart(), command.periodEnd(), state.subscription());
        apply(renewed);
        history.remember(renewed);
        deadlines.schedule(command.periodEnd(), CYCLE_END, new CycleEnd(command.periodStart()));
        return CommandResult.accepted(command.monthlyCredits(), null, null, balanceAt(now));
    }

    @DeadlineHandler(deadlineName = CYCLE_END)
    public void on(CycleEnd end) {
        if (state.isRunningCycle(end.periodStart())) {
            expireCycle();
        }
    }

    @CommandHandler
    public CommandResult handle(TopUp command, RequestHistory history, Clock clock) {
        Instant now = clock.instant();
        Optional<CreditsToppedUp> earlier = history.findTopUp(accountId, command.paymentId());
        if (earlier.isPresent()) {
            CreditsToppedUp topUp = earlier.get();
            boolean same = topUp.credits().equals(command.credits())
                    && Objects.equals(topUp.packageId(), command.packageId());
            return same
                    ? CommandResult.accepted(topUp.credits(), null, topUp.credits(), balanceAt(now)).asDuplicate()
                    : conflict("paymentId", "payment " + command.paymentId() + " was already recorded with other terms", now);
        }
        if (command.credits().isZero() || MAX_GRANT.isLessThan(command.credits())) {
            return CommandResult.rejected(RejectionReason.INVALID_AMOUNT, "credits",
                    "credits must be between 1 and " + MAX_GRANT.amount(), balanceAt(now));
        }
        endCycleIfOver(now);
        CreditsToppedUp toppedUp = new CreditsToppedUp(accountId, command.paymentId(), command.credits(), command.packageId());
        apply(toppedUp);
        history.remember(toppedUp);
        return CommandResult.accepted(command.credits(), null, command.credits(), balanceAt(now));
    }

    @CommandHandler
    public CommandResult handle(ChargeJob command, PriceCatalog catalog, RequestHistory history, Clock clock) {
        Instant now = clock.instant();
        Optional<JobCharged> earlier = history.findCharge(accountId, command.jobId());
        if (earlier.isPresent()) {
            JobCharged charge = earlier.get();
            boolean same = charge.tool().equals(command.tool()) && charge.params().equals(command.params());
            return same
                    ? CommandResult.accepted(charge.credits(), charge.fromSubscription(), charge.fromTopUp(), balanceAt(now)).asDuplicate()
                    : conflict("jobId", "job " + command.jobId() + " was already charged for " + charge.tool()
                    + " with params " + charge.params(), now);
        }
        Quote quote;
        try {
            quote = catalog.quote(command.tool(), command.params());
        } catch (UnknownToolException e) {
            return CommandResult.rejected(RejectionReason.UNKNOWN_TOOL, "tool", e.getMessage(), balanceAt(now));
        } catch (InvalidParamsException e) {
            return CommandResult.rejected(RejectionReason.INVALID_PARAMS, "params." + e.field(), e.getMessage(), balanceAt(now));
        }
        endCycleIfOver(now);
        Credits price = quote.credits();
        Credits available = state.subscription().plus(state.topUp());
        if (available.isLessThan(price)) {
            apply(new ChargeRejected(accountId, command.jobId(), command.tool(), command.params(),
                    RejectionReason.INSUFFICIENT_CREDITS, price, available));
            return CommandResult.rejected(RejectionReason.INSUFFICIENT_CREDITS, null,
                    "the job costs " + price.amount() + " credits; " + available.amount() + " are available", balanceAt(now))
                    .withCredits(price);
        }
        Credits fromSubscription = state.subscription().min(price);
        JobCharged charged = new JobCharged(accountId, command.jobId(), quote.tool(), quote.toolkit(), command.params(),
                quote.catalogVersion(), price, fromSubscription, price.minus(fromSubscription), state.runningCycleStart());
        apply(charged);
        history.remember(charged);
        return CommandResult.accepted(price, charged.fromSubscription(), charged.fromTopUp(), balanceAt(now));
    }

    @CommandHandler
    public CommandResult handle(RefundJob command, RequestHistory history, Clock clock) {
        Instant now = clock.instant();
        Optional<JobCharged> found = history.findCharge(accountId, command.jobId());
        if (found.isEmpty()) {
            return CommandResult.rejected(RejectionReason.UNKNOWN_JOB, "jobId",
                    "job " + command.jobId() + " was never charged on this account", balanceAt(now));
        }
        Optional<JobRefunded> earlierRefund = history.findRefund(accountId, command.jobId());
        if (earlierRefund.isPresent()) {
            JobRefunded refund = earlierRefund.get();
            return CommandResult.rejected(RejectionReason.ALREADY_REFUNDED, "jobId",
                            "job " + command.jobId() + " was already refunded", balanceAt(now))
                    .withCredits(refund.toSubscription().plus(refund.toTopUp()))
                    .asDuplicate();
        }
        endCycleIfOver(now);
        JobCharged charge = found.get();
        boolean sameCycle = state.isRunningCycle(charge.cycleStart());
        Credits toSubscription = sameCycle ? charge.fromSubscription() : Credits.ZERO;
        Credits forfeited = sameCycle ? Credits.ZERO : charge.fromSubscription();
        JobRefunded refunded = new JobRefunded(accountId, command.jobId(), charge.tool(), charge.toolkit(),
                command.reason(), toSubscription, charge.fromTopUp(), forfeited);
        apply(refunded);
        history.remember(refunded);
        return CommandResult.accepted(toSubscription.plus(charge.fromTopUp()), toSubscription, charge.fromTopUp(), balanceAt(now));
    }

    private CommandResult conflict(String field, String message, Instant now) {
        return CommandResult.rejected(RejectionReason.IDEMPOTENCY_CONFLICT, field, message, balanceAt(now));
    }

    /** Subscription credits are not spendable after the period's end, whether or not its deadline has fired yet. */
    private void endCycleIfOver(Instant now) {
        if (state.cycleOverAt(now)) {
            expireCycle();
        }
    }

    private void expireCycle() {
        apply(new SubscriptionCreditsExpired(accountId, state.subscription(), state.cycle().periodStart(), state.cycle().periodEnd()));
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
    void on(AccountEvent event) {
        if (!(event instanceof AccountOpened)) {
            state = state.apply(event);
        }
    }
}
