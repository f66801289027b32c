package com.creditledger.api.operations;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator reads from Actuator: health with its parts for a signed-in user, and the version and commit. */
class HealthAndInfoTest extends ServiceTest {

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void anyone_sees_up_and_a_signed_in_user_sees_the_database_kafka_and_every_event_processor() {
        Response anonymous = anonymous().get("/actuator/health");
        assertThat(anonymous.body().path("status").asText()).isEqualTo("UP");
        assertThat(anonymous.body().has("components")).as(anonymous.body().toString()).isFalse();

        Response health = as("auditor").get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.body().at("/components/kafka/status").asText()).as(health.body().toString()).isEqualTo("UP");
        assertThat(health.body().at("/components/kafka/details/brokers").asInt()).isEqualTo(1);
        assertThat(health.body().at("/components/eventProcessors/status").asText()).isEqualTo("UP");
        for (String processor : new String[] {"balances", "usage", "finance", "kafka-events"}) {
            assertThat(health.body().at("/components/eventProcessors/details/" + processor + "/running").asBoolean())
                    .as(processor).isTrue();
            assertThat(health.body().at("/components/eventProcessors/details/" + processor + "/error").asBoolean()).isFalse();
        }
    }

    @Test
    void a_stopped_event_processor_makes_the_service_down_and_says_which() {
        StreamingEventProcessor usage = processing.eventProcessor("usage", StreamingEventProcessor.class).orElseThrow();
        usage.shutDown();
        try {
            Response health = as("finance").get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body().at("/components/eventProcessors/status").asText()).isEqualTo("DOWN");
            assertThat(health.body().at("/components/eventProcessors/details/usage/running").asBoolean()).isFalse();
            assertThat(health.body().at("/components/eventProcessors/details/balances/running").asBoolean()).isTrue();
        } finally {
            usage.start();
        }
        eventually(() -> assertThat(as("finance").get("/actuator/health").body().path("status").asText()).isEqualTo("UP"));
    }

    @Test
    void info_gives_the_version_and_the_commit_to_a_signed_in_user() {
        assertThat(anonymous().get("/actuator/info").status()).isEqualTo(401);
        Response info = as("job-service").get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.body().at("/build/version").asText()).as(info.body().toString()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(info.body().at("/git/commit/id").asText()).as(info.body().toString()).matches("[0-9a-f]{7,}");
    }
}
