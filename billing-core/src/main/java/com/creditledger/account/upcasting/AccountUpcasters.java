package com.creditledger.account.upcasting;

import org.axonframework.serialization.upcasting.event.EventUpcasterChain;

/** Every upcaster of account events, in the order they apply; the event store and the audit CLI read through it. */
public final class AccountUpcasters {

    private AccountUpcasters() {
    }

    public static EventUpcasterChain chain() {
        return new EventUpcasterChain(new CreditsToppedUpUpcaster());
    }
}
