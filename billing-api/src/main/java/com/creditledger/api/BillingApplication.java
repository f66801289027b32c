package com.creditledger.api;

import com.creditledger.api.kafka.EarlyBrokerStart;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

@EnableScheduling
@SpringBootApplication(scanBasePackages = {"com.creditledger.api", "com.creditledger.projection"})
public class BillingApplication {

    /** Axon reports usage to AxonIQ's servers unless told not to; a billing service calls no one. */
    public static final String NO_UPDATE_CHECK = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        System.setProperty(NO_UPDATE_CHECK, "true");
        Integer commandStatus = BillingCommands.run(args);
        if (commandStatus != null) {
            System.exit(commandStatus);
        }
        SpringApplication application = new SpringApplication(BillingApplication.class);
        application.addInitializers(new EarlyBrokerStart());
        application.run(args);
    }
}
