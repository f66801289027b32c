package com.creditledger.account.decision;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.AccountPolicies;
import com.creditledger.account.AccountState;
import com.creditledger.account.AlertPolicy;
import com.creditledger.account.HoldPolicy;
import com.creditledger.account.InMemoryRequestHistory;
import com.creditledger.account.RequestHistory;
import com.creditledger.account.Split;
import com.creditledger.account.time.TimePasses;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.PriceCatalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Given/when/then for the deciders, without Axon: given an account's events (folded by
 * {@link AccountState#apply}), when a decider decides a command at an instant, then a
 * {@link Decision}. The set-up every decider test shares, written once.
 */
public final class Story {

    public static final String ACC = "acc-1";
    public static final Instant NOV_1 = Instant.parse("2026-11-01T00:00:00Z");
    public static final Instant DEC_1 = Instant.parse("2026-12-01T00:00:00Z");
    public static final Instant JAN_1 = Instant.parse("2027-01-01T00:00:00Z");
    public static final Instant NOW = NOV_1.plus(Duration.ofDays(2));
    public static final PriceCatalog CATALOG = PriceCatalog.standard();
    public static final HoldPolicy HOLDS = new HoldPolicy(Duration.ofHours(1), Duration.ofDays(7), 3);
    public static final AccountPolicies POLICIES = new AccountPolicies(CATALOG, HOLDS, new AlertPolicy(List.of()));

    private AccountState state = AccountState.OPENED.apply(new AccountOpened(ACC));
    private final InMemoryRequestHistory history = new InMemoryRequestHistory();
    private long sequence;

    public static Story given(AccountEvent... events) {
        Story story = new Story();
        for (AccountEvent event : events) {
            story.state = story.state.apply(event);
            if (RequestHistory.Kind.files(event)) {
                story.history.remember(event, ++story.sequence);
            }
        }
        return story;
    }

    public <C extends AccountCommand> Decision when(Decider<C> decider, C command, Instant now) {
        Context context = new Context(ACC, now, POLICIES, history);
        return decider.decide(TimePasses.until(state, context), command, context);
    }

    public AccountState state() {
        return state;
    }

    public Context at(Instant now) {
        return new Context(ACC, now, POLICIES, history);
    }

    public static Credits credits(long amount) {
        return Credits.of(amount);
    }

    public static SubscriptionRenewed november(long monthly) {
        return new SubscriptionRenewed(ACC, "pro", credits(monthly), NOV_1, DEC_1, Credits.ZERO);
    }

    public static CreditsToppedUp topUp(long credits) {
        return new CreditsToppedUp(ACC, "pay-" + credits, credits(credits), null);
    }

    public static Map<String, Long> actions(long actions) {
        return Map.of("actions", actions);
    }

    /** A text-to-motion hold (5 credits an action) of the running November cycle, subscription first. */
    public static CreditsReserved held(String jobId, long actions, long fromSubscription, Instant expiresAt) {
        return CreditsReserved.of(ACC, jobId, CATALOG.quote("text-to-motion", actions(actions)), actions(actions),
                new Split(credits(fromSubscription), credits(5 * actions - fromSubscription)), NOV_1, expiresAt);
    }
}
