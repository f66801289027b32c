package com.creditledger.account;

import com.creditledger.pricing.PriceCatalog;
import org.axonframework.test.aggregate.AggregateTestFixture;

import java.time.Clock;
import java.time.Instant;

/** The one set-up of an Axon fixture for the account: the standard catalog, an empty request history, the given policies and clock. */
final class AccountFixtures {

    private AccountFixtures() {
    }

    static AggregateTestFixture<CreditAccount> fixture(Clock clock, HoldPolicy holds, AlertPolicy alerts) {
        AggregateTestFixture<CreditAccount> fixture = new AggregateTestFixture<>(CreditAccount.class);
        fixture.registerCommandTargetResolver(new AccountTargetResolver());
        fixture.registerInjectableResource(new AccountPolicies(PriceCatalog.standard(), holds, alerts));
        fixture.registerInjectableResource(new InMemoryRequestHistory());
        fixture.registerInjectableResource(clock);
        fixture.givenCurrentTime(Instant.now(clock));
        return fixture;
    }
}
