package com.creditledger.api.support;

import com.creditledger.api.BillingApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;

/**
 * The whole service on a real port and a real PostgreSQL. Test classes share one application
 * context and one database, so each test works on accounts of its own.
 */
@SpringBootTest(classes = BillingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "BILLING_JOB_SERVICE_PASSWORD=" + ServiceTest.PASSWORD,
                "BILLING_BILLING_PASSWORD=" + ServiceTest.PASSWORD,
                "BILLING_FINANCE_PASSWORD=" + ServiceTest.PASSWORD,
                "BILLING_AUDITOR_PASSWORD=" + ServiceTest.PASSWORD,
                "BILLING_LOG_FORMAT=",
                "db-scheduler.polling-interval=1s",
        })
@Import(ServiceTest.TestClock.class)
@ExtendWith(ContextsClosedAfterLastTest.class)
public abstract class ServiceTest {

    public static final String PASSWORD = "test-secret";

    @TestConfiguration(proxyBeanMethods = false)
    public static class TestClock {
        /**
         * One clock for every test context of the JVM: the last context started sets Axon's static
         * event clock to its own, so a test moving another context's clock would stamp its events
         * with the real time.
         */
        private static final OffsetClock CLOCK = new OffsetClock();

        @Bean
        @Primary
        OffsetClock offsetClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("billing.db.url", TestDatabase::url);
        registry.add("billing.kafka.bootstrap", TestKafka::bootstrap);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected OffsetClock clock;

    @AfterEach
    void backToNow() {
        clock.reset();
    }

    protected Api as(String user) {
        return new Api(port, user, PASSWORD);
    }

    protected Api billing() {
        return as("billing");
    }

    protected Api jobService() {
        return as("job-service");
    }

    protected Api finance() {
        return as("finance");
    }

    protected Api anonymous() {
        return new Api(port, null, null);
    }

    protected static String newAccountId() {
        return "acc-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** A new account with {@code credits} top-up credits (payment {@code p}). */
    protected String accountWithTopUp(long credits) {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"p\",\"credits\":" + credits + "}");
        return acc;
    }

    protected long storedEvents() {
        return jdbc.sql("select count(*) from domain_event_entry").query(Long.class).single();
    }

    protected long storedEvents(String accountId) {
        return jdbc.sql("select count(*) from domain_event_entry where aggregate_identifier = :id")
                .param("id", accountId).query(Long.class).single();
    }

    /** Projections follow the store asynchronously; the contract is: within a second. */
    protected static void eventually(Runnable assertion) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).untilAsserted(assertion::run);
    }

    protected static <T> T eventually(Callable<T> value, java.util.function.Predicate<T> until) {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(value, until::test);
    }
}
