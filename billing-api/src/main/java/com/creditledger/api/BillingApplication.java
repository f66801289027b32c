package com.creditledger.api;

import com.creditledger.api.audit.AuditCommandLine;
import com.creditledger.api.rerating.ReRatingCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.io.PrintStream;
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
        if (args.length > 0 && args[0].equals("re-rating")) {
            // Standard output carries the NDJSON alone: log lines, which go to System.out, go to standard error.
            PrintStream ndjson = System.out;
            System.setOut(System.err);
            System.exit(ReRatingCommandLine.run(Arrays.copyOfRange(args, 1, args.length), ndjson, System.err));
        }
        SpringApplication.run(BillingApplication.class, args);
    }
}
