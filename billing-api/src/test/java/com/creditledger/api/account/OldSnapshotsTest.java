package com.creditledger.api.account;

import com.creditledger.api.support.Api.Response;
import com.creditledger.api.support.ServiceTest;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot of an older revision of the account (alert thresholds beside the state, not in it)
 * is never read: it would load without the thresholds. The account is folded from its events.
 */
class OldSnapshotsTest extends ServiceTest {

    @Autowired
    Cache creditAccountCache;

    @Test
    void an_account_whose_latest_snapshot_is_of_an_older_revision_is_folded_from_its_events() {
        String acc = accountWithTopUp(100);
        assertThat(billing().put("/api/accounts/" + acc + "/alert-thresholds", "{\"thresholds\":[{\"credits\":60}]}").status())
                .isEqualTo(200);
        // as the previous version wrote it, but with figures that would show if it were read
        String oldSnapshot = "{\"accountId\":\"" + acc + "\",\"state\":{\"subscription\":0,\"topUp\":900,\"cycle\":null,\"holds\":{}},"
                + "\"alertThresholds\":[{\"credits\":60}]}";
        jdbc.sql("""
                        insert into snapshot_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                                                          payload, payload_revision, payload_type, time_stamp)
                        values (:a, 2, 'CreditAccount', :id, convert_to('{}', 'UTF8'), convert_to(:payload, 'UTF8'), null,
                                'com.creditledger.account.CreditAccount', '2026-01-01T00:00:00.000Z')""")
                .param("a", acc).param("id", UUID.randomUUID().toString()).param("payload", oldSnapshot)
                .update();
        creditAccountCache.removeAll();

        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"job-1\",\"tool\":\"image-to-3d-mesh\"}");
        Response charged = jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"job-2\",\"tool\":\"image-to-3d-mesh\"}");

        assertThat(charged.body().path("balance").path("total").asLong()).isEqualTo(50);
        // the account's own threshold (60) is known: 75 -> 50 falls below it
        assertThat(jdbc.sql("""
                        select count(*) from domain_event_entry
                        where aggregate_identifier = :a and payload_type like '%BalanceFellBelowThreshold'""")
                .param("a", acc).query(Long.class).single()).isEqualTo(1);
    }
}
