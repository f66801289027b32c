package com.creditledger.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** Keeps the module boundaries honest. */
class ArchitectureTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.creditledger");

    @Test
    void the_core_knows_nothing_of_http_kafka_sql_or_spring() {
        noClasses().that().resideInAnyPackage("com.creditledger.account..", "com.creditledger.pricing..")
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
                .orShould().dependOnClassesThat().resideInAnyPackage("org.axonframework.commandhandling..", "com.creditledger.api..")
                .check(CLASSES);
    }

    @Test
    void projections_do_not_depend_on_the_web() {
        noClasses().that().resideInAPackage("com.creditledger.projection..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.web..", "jakarta.servlet..", "org.apache.kafka..")
                .check(CLASSES);
    }
}
