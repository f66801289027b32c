package com.creditledger.account;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.ConfigureBalanceAlerts;
import com.creditledger.account.AccountCommand.Keyed;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.alert.AlertSettings;
import com.creditledger.account.alert.Alerts;
import com.creditledger.account.charge.Charges;
import com.creditledger.account.decision.Context;
import com.creditledger.account.decision.Deadline;
import com.creditledger.account.decision.Decider;
import com.creditledger.account.decision.Decision;
import com.creditledger.account.hold.Captures;
import com.creditledger.account.hold.Releases;
import com.creditledger.account.hold.Reservations;
import com.creditledger.account.idempotency.Repeats;
import com.creditledger.account.refund.Refunds;
import com.creditledger.account.subscription.Renewals;
import com.creditledger.account.time.TimePasses;
import com.creditledger.account.topup.TopUps;
import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A customer's credits, as Axon sees them: it loads the account, answers a repeated request, lets
 * time pass, asks the feature's decider, records its events and deadlines, then the alerts they
 * raise. The rules are in the feature packages beside this one; {@link AccountState} is the fold.
 * <p>
 * Revision 1 of its snapshots has the alert thresholds in the state: older snapshots are skipped
 * (by the event store's snapshot filter) and the account is folded from its events instead.
 */
@Revision("1")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class CreditAccount {

    static final String CYCLE_END = "subscription-cycle-end";
    static final String HOLD_EXPIRY = "hold-expiry";

    @AggregateIdentifier
    private String accountId;
    private AccountState state = AccountState.OPENED;

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
            return CommandResult.accepted(state.balanceAt(clock.instant())).asDuplicate();
        }
        apply(new AccountOpened(command.accountId()));
        return CommandResult.accepted(state.balanceAt(clock.instant()));
    }

    @CommandHandler
    public CommandResult handle(RenewSubscription command, AccountPolicies policies, RequestHistory history, Clock clock,
                                DeadlineManager deadlines) {
        return decide(Renewals::decide, command, context(policies, history, clock), deadlines);
    }

    @CommandHandler
    public CommandResult handle(TopUp command, AccountPolicies policies, RequestHistory history, Clock clock, DeadlineManager deadlines) {
        return decide(TopUps::decide, command, context(policies, history, clock), deadlines);
    }

    @CommandHandler
    public CommandResult handle(ChargeJob command, AccountPolicies policies, RequestHistory history, Clock clock, DeadlineManager deadlines) {
        return decide(Charges::decide, command, context(policies, history, clock), deadlines);
    }

    @CommandHandler
    public CommandResult handle(RefundJob command, AccountPolicies policies, RequestHistory history, Clock clock, DeadlineManager deadlines) {
        return decide(Refunds::decide, command, context(policies, history, clock), deadlines);
    }

    @CommandHandler
    public CommandResult handle(ReserveCredits command, AccountPolicies policies, RequestHistory history, Clock clock,
                                DeadlineManager deadlines) {
        return decide(Reservations::decide, command, context(policies, history, clock), deadlines);
    }

    @CommandHandler
    public CommandResult handle(CaptureCharge command, AccountPolicies policies, RequestHistory history, Clock clock,
                                DeadlineManager deadlines) {
        return decide(Captures::decide, command, context(policies, history, clock), deadlines);
    }

    @CommandHandler
    public CommandResult handle(ReleaseHold command, AccountPolicies policies, RequestHistory history, Clock clock,
                                DeadlineManager deadlines) {
        return decide(Releases::decide, command, context(policies, history, clock), deadlines);
    }

    @CommandHandler
    public CommandResult handle(ConfigureBalanceAlerts command, AccountPolicies policies, RequestHistory history, Clock clock,
                                DeadlineManager deadlines) {
        return decide(AlertSettings::decide, command, context(policies, history, clock), deadlines);
    }

    @DeadlineHandler(deadlineName = CYCLE_END)
    public void on(CycleEnd end, AccountPolicies policies, RequestHistory history, Clock clock, DeadlineManager deadlines) {
        if (state.isRunningCycle(end.periodStart())) {
            Context context = context(policies, history, clock);
            record(TimePasses.whenDue(state.cycle().periodEnd(), state, context), context, deadlines, CYCLE_END, end);
        }
    }

    @DeadlineHandler(deadlineName = HOLD_EXPIRY)
    public void on(HoldExpiry expiry, AccountPolicies policies, RequestHistory history, Clock clock, DeadlineManager deadlines) {
        CreditsReserved hold = state.holds().get(expiry.jobId());
        // a hold captured or released in time has nothing left to expire
        if (hold != null) {
            Context context = context(policies, history, clock);
            record(TimePasses.whenDue(hold.expiresAt(), state, context), context, deadlines, HOLD_EXPIRY, expiry);
        }
    }

    private Context context(AccountPolicies policies, RequestHistory history, Clock clock) {
        return new Context(accountId, clock.instant(), policies, history);
    }

    private <C extends AccountCommand> CommandResult decide(Decider<C> decider, C command, Context context, DeadlineManager deadlines) {
        Optional<CommandResult> repeat = command instanceof Keyed keyed ? Repeats.answer(keyed, state, context) : Optional.empty();
        if (repeat.isPresent()) {
            return repeat.get();
        }
        Decision decision = decider.decide(TimePasses.until(state, context), command, context);
        record(decision, context, deadlines, null, null);
        return decision.answer();
    }

    /**
     * Sets the decision's deadlines, applies its events (filing each accepted request under its key,
     * at its place in the stream), then the alerts the change raises. {@code firing} and
     * {@code payload} are the deadline being handled, if any: the one a {@link Deadline.Again} sets again.
     */
    private void record(Decision decision, Context context, DeadlineManager deadlines, String firing, Object payload) {
        Map<String, String> expiryIds = new HashMap<>();
        for (Deadline deadline : decision.deadlines()) {
            if (deadline instanceof Deadline.HoldExpires expires) {
                expiryIds.put(expires.jobId(), deadlines.schedule(expires.at(), HOLD_EXPIRY, new HoldExpiry(expires.jobId())));
            } else if (deadline instanceof Deadline.CycleEnds ends) {
                deadlines.schedule(ends.at(), CYCLE_END, new CycleEnd(ends.periodStart()));
            } else if (deadline instanceof Deadline.CancelHoldExpiry cancel) {
                deadlines.cancelSchedule(HOLD_EXPIRY, cancel.deadlineId());
            } else if (deadline instanceof Deadline.Again again) {
                deadlines.schedule(again.after(), firing, payload);
            }
        }
        Credits before = state.spendable();
        for (AccountEvent event : decision.events()) {
            AccountEvent recorded = event instanceof CreditsReserved hold ? hold.withExpiryDeadlineId(expiryIds.get(hold.jobId())) : event;
            apply(recorded);
            if (RequestHistory.Kind.files(recorded)) {
                context.history().remember(recorded, AggregateLifecycle.getVersion());
            }
        }
        List<AccountEvent> alerts = Alerts.raised(accountId, before, state, context.policies().alerts());
        alerts.forEach(AggregateLifecycle::apply);
    }

    @EventSourcingHandler
    void on(AccountEvent event) {
        accountId = event.accountId();
        state = state.apply(event);
    }
}
