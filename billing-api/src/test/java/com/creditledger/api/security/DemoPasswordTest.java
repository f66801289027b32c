package com.creditledger.api.security;

import com.creditledger.api.BillingApplication;
import com.creditledger.api.support.TestDatabase;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoPasswordTest {

    @Test
    void with_a_real_database_the_service_refuses_to_start_on_demo_passwords() {
        Clock eventClock = GenericEventMessage.clock;
        try {
            assertThatThrownBy(() -> SpringApplication.run(BillingApplication.class, "--server.port=0", "--BILLING_LOG_FORMAT=",
                "--billing.db.url=" + TestDatabase.url(), "--billing.kafka.enabled=false", "--BILLING_FINANCE_PASSWORD=s3cret").close())
                .hasStackTraceContaining("Refusing to start")
                    .hasStackTraceContaining("[job-service, billing, auditor]");
        } finally {
            GenericEventMessage.clock = eventClock;
        }
    }
}
