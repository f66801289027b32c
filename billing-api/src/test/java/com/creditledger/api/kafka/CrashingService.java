package com.creditledger.api.kafka;

import com.creditledger.api.BillingApplication;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The service as a process of its own that dies (halts, no shutdown of any kind) right after
 * the database commit of its {@code billing.test.crash-after-batches}-th command batch, before
 * its answers reach Kafka and before the consumer commits its offsets: the worst moment.
 */
public final class CrashingService {

    public static final int EXIT_CODE = 137;

    private CrashingService() {
    }

    public static void main(String[] args) {
        SpringApplication.run(new Class<?>[] {BillingApplication.class, Crash.class}, args);
    }

    /** No {@code @Configuration}: component scanning of the shared test context must not find it. */
    static class Crash {

        @Bean
        static BeanPostProcessor haltingPublisher(org.springframework.core.env.Environment environment) {
            int crashAfter = Integer.parseInt(environment.getRequiredProperty("billing.test.crash-after-batches"));
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof AnswerPublisher) {
                        return new HaltingPublisher(bean, crashAfter);
                    }
                    return bean;
                }
            };
        }
    }

    private static final class HaltingPublisher extends AnswerPublisher {

        private final AnswerPublisher publisher;
        private final int crashAfter;
        private final AtomicInteger batches = new AtomicInteger();

        HaltingPublisher(Object publisher, int crashAfter) {
            super((KafkaTemplate<String, byte[]>) null);
            this.publisher = (AnswerPublisher) publisher;
            this.crashAfter = crashAfter;
        }

        @Override
        void publish(List<Answer> answers) {
            if (answers.stream().anyMatch(a -> a.record().value() != null && new String(a.record().value()).contains("\"ChargeJob\""))
                    && batches.incrementAndGet() == crashAfter) {
                System.err.println("CrashingService: halting after the database commit of batch " + crashAfter);
                Runtime.getRuntime().halt(EXIT_CODE);
            }
            publisher.publish(answers);
        }
    }
}
