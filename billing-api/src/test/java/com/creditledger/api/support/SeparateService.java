package com.creditledger.api.support;

import java.util.ArrayList;
import java.util.List;

/**
 * Arguments for a service of a test's own, next to the shared test context: its own database,
 * its own topics and consumer group on the shared broker, and non-demo passwords.
 */
public final class SeparateService {

    private SeparateService() {
    }

    /** Topics are named {@code <run>.commands}, {@code <run>.results}, {@code <run>.dlt}, {@code <run>.events}. */
    public static String[] args(String run, String databaseUrl, String bootstrap, String... extra) {
        return argsInGroup(run, run, databaseUrl, bootstrap, extra);
    }

    /** The same, consuming the commands in consumer group {@code group}. */
    public static String[] argsInGroup(String run, String group, String databaseUrl, String bootstrap, String... extra) {
        return args(run, group, databaseUrl, bootstrap, List.of("--BILLING_JOB_SERVICE_PASSWORD=x", "--BILLING_BILLING_PASSWORD=x",
                "--BILLING_FINANCE_PASSWORD=x", "--BILLING_AUDITOR_PASSWORD=x"), extra);
    }

    /** The same with the demo users and their password {@code demo}, as the README's examples have them. */
    public static String[] demoArgs(String run, String databaseUrl, String bootstrap, String... extra) {
        return args(run, run, databaseUrl, bootstrap, List.of("--billing.security.allow-demo-passwords=true"), extra);
    }

    private static String[] args(String run, String group, String databaseUrl, String bootstrap, List<String> users, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--BILLING_LOG_FORMAT=",
                "--billing.db.url=" + databaseUrl, "--billing.kafka.bootstrap=" + bootstrap,
                "--spring.kafka.consumer.group-id=" + group,
                "--billing.kafka.topics.commands=" + run + ".commands", "--billing.kafka.topics.results=" + run + ".results",
                "--billing.kafka.topics.dead-letters=" + run + ".dlt", "--billing.kafka.topics.events=" + run + ".events"));
        args.addAll(users);
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }
}
