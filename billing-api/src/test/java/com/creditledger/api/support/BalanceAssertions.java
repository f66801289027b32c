package com.creditledger.api.support;

import com.fasterxml.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The balance in an answer (HTTP or Kafka): the available credits and, apart, what is held. */
public final class BalanceAssertions {

    private BalanceAssertions() {
    }

    public static void assertBalance(JsonNode result, long subscription, long topUp, long heldSubscription, long heldTopUp) {
        JsonNode balance = result.path("balance");
        assertThat(balance.path("subscription").asLong()).as("subscription of %s", balance).isEqualTo(subscription);
        assertThat(balance.path("topUp").asLong()).as("topUp of %s", balance).isEqualTo(topUp);
        assertThat(balance.path("total").asLong()).as("total of %s", balance).isEqualTo(subscription + topUp);
        assertThat(balance.path("held").path("subscription").asLong()).as("held subscription of %s", balance).isEqualTo(heldSubscription);
        assertThat(balance.path("held").path("topUp").asLong()).as("held topUp of %s", balance).isEqualTo(heldTopUp);
        assertThat(balance.path("held").path("total").asLong()).as("held total of %s", balance).isEqualTo(heldSubscription + heldTopUp);
    }
}
