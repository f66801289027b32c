package com.creditledger.api.store;

import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every connection of the service's pool sets up (application.yml), read on one of them. */
class ConnectionSettingsTest extends ServiceTest {

    @Test
    void statements_are_planned_for_their_own_parameters_and_an_idle_transaction_is_ended() {
        // a generic plan made while a table was empty would scan it whole once it is large
        assertThat(jdbc.sql("show plan_cache_mode").query(String.class).single()).isEqualTo("force_custom_plan");
        assertThat(jdbc.sql("show idle_in_transaction_session_timeout").query(String.class).single()).isEqualTo("15s");
    }
}
