package com.creditledger.api;

import ch.qos.logback.classic.Level;
import com.creditledger.api.audit.AuditCommandLine;
import com.creditledger.api.rerating.ReRatingCommandLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * What {@code java -jar billing-api.jar} does with its arguments: print how to use it, run one of
 * its commands (audit, re-rating) without the service, or leave them to the service.
 */
final class BillingCommands {

    static final String USAGE = """
            usage: java -jar billing-api.jar [--setting=value ...]    run the service (settings: README.md, Configuration)
                   java -jar billing-api.jar audit ...                 audit the event store, without the service
                   java -jar billing-api.jar re-rating ...             preview a candidate price catalog, without the service
                   java -jar billing-api.jar help                      this text

            """ + AuditCommandLine.USAGE + "\n\n" + ReRatingCommandLine.USAGE + """


            Without --db-url (or BILLING_DB_URL) audit and re-rating read the trial run's embedded database
            in ./data (--data-dir, BILLING_DATA_DIR): the running service's, or started for the command.""";

    private static final List<String> HELP = List.of("help", "--help", "-h");

    private BillingCommands() {
    }

    private static boolean isHelp(String argument) {
        return HELP.contains(argument);
    }

    /** The exit status of the command the arguments name, or null when they are the service's settings. */
    static Integer run(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        if (command.equals("audit") || command.equals("re-rating")) {
            if (rest.length > 0 && isHelp(rest[0])) {
                System.out.println(command.equals("audit") ? AuditCommandLine.USAGE : ReRatingCommandLine.USAGE);
                return 0;
            }
            // Standard output carries the command's answer alone; the few log lines worth seeing go to standard error.
            PrintStream out = System.out;
            System.setOut(System.err);
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
            return command.equals("audit") ? AuditCommandLine.run(rest, out, System.err) : ReRatingCommandLine.run(rest, out, System.err);
        }
        if (Arrays.stream(args).anyMatch(BillingCommands::isHelp)) {
            System.out.println(USAGE);
            return 0;
        }
        if (!command.isEmpty() && !command.startsWith("-")) {
            System.err.println("no command '" + command + "'");
            System.err.println(USAGE);
            return 2;
        }
        return null;
    }
}
