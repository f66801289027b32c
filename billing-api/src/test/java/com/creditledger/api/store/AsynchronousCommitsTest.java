package com.creditledger.api.store;

import com.creditledger.api.support.ServiceTest;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** The processors that follow the store commit without waiting for the disk; commands always wait. */
class AsynchronousCommitsTest extends ServiceTest {

    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    TransactionManager transactions;

    @Test
    void the_processors_that_follow_the_store_commit_asynchronously_and_the_commands_do_not() {
        for (String processor : new String[]{"balances", "usage", "finance", "kafka-events"}) {
            assertThat(synchronousCommitIn(processing.transactionManager(processor))).as(processor).isEqualTo("off");
        }
        assertThat(synchronousCommitIn(transactions)).as("commands").isEqualTo("on");
        // the hash chain runs in the command's own transaction
        assertThat(synchronousCommitIn(processing.transactionManager("event-chain"))).as("event-chain").isEqualTo("on");
        assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).as("outside them").isEqualTo("on");
    }

    @Test
    void a_projection_still_follows_the_store() {
        String account = accountWithTopUp(100);
        eventually(() -> assertThat(finance().get("/api/accounts/" + account + "/balance").body().path("total").asLong()).isEqualTo(100));
    }

    private String synchronousCommitIn(TransactionManager manager) {
        return manager.fetchInTransaction(() -> jdbc.sql("show synchronous_commit").query(String.class).single());
    }
}
