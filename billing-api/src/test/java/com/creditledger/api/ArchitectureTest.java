package com.creditledger.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the module boundaries honest, and the feature packages inside billing-core and billing-api. */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.creditledger");

    /** The packages of the account's rules: each a pure function of state, command and context. */
    static final String[] DECIDERS = {"com.creditledger.account.decision..", "com.creditledger.account.time..",
            "com.creditledger.account.idempotency..", "com.creditledger.account.subscription..", "com.creditledger.account.topup..",
            "com.creditledger.account.charge..", "com.creditledger.account.refund..", "com.creditledger.account.hold..",
            "com.creditledger.account.alert.."};

    @Test
    void the_core_knows_nothing_of_http_kafka_sql_or_spring() {
        noClasses().that().resideInAnyPackage("com.creditledger.account..", "com.creditledger.pricing..", "com.creditledger.unitofwork..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "jakarta.servlet..", "org.apache.kafka..", "java.sql..", "javax.sql..",
                        "com.creditledger.projection..", "com.creditledger.api..")
                .check(CLASSES);
    }

    @Test
    void projections_only_read_events_and_never_call_the_aggregate() {
        noClasses().that().resideInAPackage("com.creditledger.projection..")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.creditledger.account.CreditAccount")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.creditledger.account.Accounts")
                .orShould().dependOnClassesThat().resideInAnyPackage(DECIDERS)
                .orShould().dependOnClassesThat().resideInAnyPackage("org.axonframework.commandhandling..", "com.creditledger.api..")
                .check(CLASSES);
    }

    @Test
    void projections_do_not_depend_on_the_web() {
        noClasses().that().resideInAPackage("com.creditledger.projection..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "org.apache.kafka..")
                .check(CLASSES);
    }

    @Test
    void deciders_know_nothing_of_axon_or_of_the_aggregate_that_runs_them() {
        noClasses().that().resideInAnyPackage(DECIDERS)
                .should().dependOnClassesThat().resideInAnyPackage("org.axonframework..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.time.Clock")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("com.creditledger.account.CreditAccount")
                .check(CLASSES);
    }

    @Test
    void each_feature_of_the_account_keeps_its_rules_to_itself() {
        slices().matching("com.creditledger.account.(*)..")
                .should().notDependOnEachOther()
                .ignoreDependency(alwaysTrue(), resideInAnyPackage("com.creditledger.account.decision..", "com.creditledger.account.time.."))
                .check(CLASSES);
    }

    /** The write side batches its writes with a helper of its own: the read side's belongs to the projections. */
    @Test
    void the_write_side_does_not_borrow_the_read_side_s_writes() {
        noClasses().that().resideInAnyPackage("com.creditledger.api.account..", "com.creditledger.api.audit..",
                        "com.creditledger.api.kafka..", "com.creditledger.api.store..")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.creditledger.projection.ProjectionWrites")
                .check(CLASSES);
    }

    /** store, json and web serve every feature of billing-api and depend on none of them. */
    @Test
    void the_shared_packages_of_the_api_depend_on_no_feature() {
        String[] shared = {"com.creditledger.api.store..", "com.creditledger.api.json..", "com.creditledger.api.web.."};
        noClasses().that().resideInAnyPackage(shared)
                .should().dependOnClassesThat(resideInAPackage("com.creditledger.api..").and(resideOutsideOfPackages(shared)))
                .check(CLASSES);
    }

    /** The ways in (Kafka, the console, the API description, operations) are leaves: no other feature reaches into them. */
    @Test
    void no_feature_of_the_api_reaches_into_an_entry_point() {
        String[] entryPoints = {"com.creditledger.api.kafka..", "com.creditledger.api.console..", "com.creditledger.api.apidoc..",
                "com.creditledger.api.operations.."};
        for (String entryPoint : entryPoints) {
            noClasses().that().resideInAPackage("com.creditledger.api..").and().resideOutsideOfPackage(entryPoint)
                    .and().resideOutsideOfPackage("com.creditledger.api")
                    .should().dependOnClassesThat().resideInAPackage(entryPoint)
                    .check(CLASSES);
        }
    }
}
