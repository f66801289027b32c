package com.creditledger.api.support;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;

import java.time.Duration;
import java.util.UUID;

/** The service with a Kafka client of the test's own; {@code run} keeps each test's ids apart. */
public abstract class KafkaServiceTest extends ServiceTest {

    protected static final String COMMANDS = "billing.commands";
    protected static final String RESULTS = "billing.command-results";
    protected static final String DLT = "billing.commands.dlt";
    protected static final String EVENTS = "billing.events";
    protected static final Duration WAIT = Duration.ofSeconds(60);

    @Value("${billing.kafka.bootstrap}")
    protected String bootstrap;
    protected KafkaTestClient kafka;
    protected String run;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrap);
        kafka.awaitTopic(COMMANDS, Duration.ofSeconds(30));
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }
}
