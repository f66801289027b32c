package com.creditledger.api;

import com.creditledger.api.audit.AuditCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Arrays;

@EnableScheduling
@SpringBootApplication(scanBasePackages = {"com.creditledger.api", "com.creditledger.projection"})
public class BillingApplication {

    /** Axon reports usage to AxonIQ's servers unless told not to; a billing service calls no one. */
    public static final String NO_UPDATE_CHECK = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        System.setProperty(NO_UPDATE_CHECK, "true");
        if (args.length > 0 && args[0].equals("audit")) {
            System.exit(AuditCommandLine.run(Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
        }
        SpringApplication.run(BillingApplication.class, args);
    }
}
