package com.creditledger.api.store;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.AccountOpened;
import com.creditledger.account.AccountEvent.BalanceAlertsConfigured;
import com.creditledger.account.AccountEvent.BalanceFellBelowThreshold;
import com.creditledger.account.AccountEvent.CaptureRejected;
import com.creditledger.account.AccountEvent.ChargeRejected;
import com.creditledger.account.AccountEvent.CreditsRanOut;
import com.creditledger.account.AccountEvent.CreditsReserved;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.HoldExpired;
import com.creditledger.account.AccountEvent.HoldReleased;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.ReservationRejected;
import com.creditledger.account.AccountEvent.SubscriptionCreditsExpired;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.CreditAccount;
import com.creditledger.account.RejectionReason;
import com.creditledger.account.Split;
import com.creditledger.pricing.Credits;
import com.creditledger.pricing.Quote;
import com.creditledger.pricing.Toolkit;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the store holds stays readable: every event serializes to the JSON the service wrote
 * before its rules moved into deciders (captured from that version), and reads back from it;
 * snapshots carry a revision, and one of another revision is skipped.
 */
class StoredShapesTest {

    static final JacksonSerializer SERIALIZER = JacksonSerializer.builder().objectMapper(EventStoreConfiguration.axonObjectMapper()).build();
    static final Instant A = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant B = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant C = Instant.parse("2026-11-03T01:00:00Z");
    static final Map<String, Long> P = new TreeMap<>(Map.of("actions", 4L));
    static final Credits C1 = Credits.of(1), C2 = Credits.of(2), C3 = Credits.of(3), C4 = Credits.of(4), C5 = Credits.of(5),
            C6 = Credits.of(6);

    static final List<Map.Entry<AccountEvent, String>> STORED = List.of(
                Map.entry(new AccountOpened("acc-1"),
                        "{\"accountId\":\"acc-1\"}"),
                Map.entry(new SubscriptionRenewed("acc-1", "pro", Credits.of(100), A, B, C3),
                        "{\"accountId\":\"acc-1\",\"plan\":\"pro\",\"monthlyCredits\":100,\"periodStart\":\"2026-11-01T00:00:00Z\",\"periodEnd\":\"2026-12-01T00:00:00Z\",\"expiredCredits\":3}"),
                Map.entry(new SubscriptionCreditsExpired("acc-1", C4, A, B),
                        "{\"accountId\":\"acc-1\",\"expiredCredits\":4,\"periodStart\":\"2026-11-01T00:00:00Z\",\"periodEnd\":\"2026-12-01T00:00:00Z\"}"),
                Map.entry(new CreditsToppedUp("acc-1", "pay-1", Credits.of(50), "pack-1"),
                        "{\"accountId\":\"acc-1\",\"paymentId\":\"pay-1\",\"credits\":50,\"packageId\":\"pack-1\"}"),
                Map.entry(new JobCharged("acc-1", "job-1", "text-to-motion", Toolkit.MOTION, P, "2026-11-01", C5, C2, C3, A),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"toolkit\":\"motion\",\"params\":{\"actions\":4},\"catalogVersion\":\"2026-11-01\",\"credits\":5,\"fromSubscription\":2,\"fromTopUp\":3,\"cycleStart\":\"2026-11-01T00:00:00Z\"}"),
                Map.entry(new ChargeRejected("acc-1", "job-2", "text-to-motion", P, RejectionReason.INSUFFICIENT_CREDITS, C5, C1),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-2\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":4},\"reason\":\"INSUFFICIENT_CREDITS\",\"price\":5,\"available\":1}"),
                Map.entry(new JobRefunded("acc-1", "job-1", "text-to-motion", Toolkit.MOTION, "failed", C1, C3, C1),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-1\",\"tool\":\"text-to-motion\",\"toolkit\":\"motion\",\"reason\":\"failed\",\"toSubscription\":1,\"toTopUp\":3,\"forfeited\":1}"),
                Map.entry(new CreditsReserved("acc-1", "job-3", "text-to-motion", Toolkit.MOTION, P, "2026-11-01", C6, C4, C2, A, C, "deadline-1"),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-3\",\"tool\":\"text-to-motion\",\"toolkit\":\"motion\",\"params\":{\"actions\":4},\"catalogVersion\":\"2026-11-01\",\"credits\":6,\"fromSubscription\":4,\"fromTopUp\":2,\"cycleStart\":\"2026-11-01T00:00:00Z\",\"expiresAt\":\"2026-11-03T01:00:00Z\",\"expiryDeadlineId\":\"deadline-1\"}"),
                Map.entry(new HoldCaptured("acc-1", "job-3", "text-to-motion", Toolkit.MOTION, P, "2026-11-01", Credits.of(7), C5, C2, A, A, C4, C2, Credits.ZERO, Credits.ZERO, Credits.ZERO),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-3\",\"tool\":\"text-to-motion\",\"toolkit\":\"motion\",\"params\":{\"actions\":4},\"catalogVersion\":\"2026-11-01\",\"credits\":7,\"fromSubscription\":5,\"fromTopUp\":2,\"cycleStart\":\"2026-11-01T00:00:00Z\",\"extraCycleStart\":\"2026-11-01T00:00:00Z\",\"heldSubscription\":4,\"heldTopUp\":2,\"releasedSubscription\":0,\"releasedTopUp\":0,\"forfeited\":0}"),
                Map.entry(new ReservationRejected("acc-1", "job-4", "text-to-motion", P, RejectionReason.INSUFFICIENT_CREDITS, C5, C1),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-4\",\"tool\":\"text-to-motion\",\"params\":{\"actions\":4},\"reason\":\"INSUFFICIENT_CREDITS\",\"price\":5,\"available\":1}"),
                Map.entry(new CaptureRejected("acc-1", "job-5", P, RejectionReason.INSUFFICIENT_CREDITS, C6, C2, C1),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-5\",\"params\":{\"actions\":4},\"reason\":\"INSUFFICIENT_CREDITS\",\"price\":6,\"held\":2,\"available\":1}"),
                Map.entry(new HoldReleased("acc-1", "job-6", "text-to-motion", Toolkit.MOTION, "failed", C4, C2, C3, C2, C1),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-6\",\"tool\":\"text-to-motion\",\"toolkit\":\"motion\",\"reason\":\"failed\",\"heldSubscription\":4,\"heldTopUp\":2,\"toSubscription\":3,\"toTopUp\":2,\"forfeited\":1}"),
                Map.entry(new HoldExpired("acc-1", "job-7", "text-to-motion", Toolkit.MOTION, C, C4, C2, C4, C2, Credits.ZERO),
                        "{\"accountId\":\"acc-1\",\"jobId\":\"job-7\",\"tool\":\"text-to-motion\",\"toolkit\":\"motion\",\"expiresAt\":\"2026-11-03T01:00:00Z\",\"heldSubscription\":4,\"heldTopUp\":2,\"toSubscription\":4,\"toTopUp\":2,\"forfeited\":0}"),
                Map.entry(new BalanceAlertsConfigured("acc-1", List.of(AlertThreshold.ofCredits(60), AlertThreshold.ofAllocation(20))),
                        "{\"accountId\":\"acc-1\",\"thresholds\":[{\"credits\":60},{\"percentOfAllocation\":20}]}"),
                Map.entry(new BalanceFellBelowThreshold("acc-1", AlertThreshold.ofAllocation(20), Credits.of(20), Credits.of(25), Credits.of(15)),
                        "{\"accountId\":\"acc-1\",\"threshold\":{\"percentOfAllocation\":20},\"thresholdCredits\":20,\"before\":25,\"after\":15}"),
                Map.entry(new CreditsRanOut("acc-1", C5),
                        "{\"accountId\":\"acc-1\",\"before\":5}"));

    @Test
    void every_event_is_written_and_read_as_before() {
        for (Map.Entry<AccountEvent, String> stored : STORED) {
            AccountEvent event = stored.getKey();
            String json = new String(SERIALIZER.serialize(event, byte[].class).getData(), StandardCharsets.UTF_8);
            assertThat(json).as(event.getClass().getSimpleName()).isEqualTo(stored.getValue());
            Object read = SERIALIZER.deserialize(new SimpleSerializedObject<>(stored.getValue().getBytes(StandardCharsets.UTF_8),
                    byte[].class, SERIALIZER.typeForClass(event.getClass())));
            assertThat(read).isEqualTo(event);
        }
    }

    @Test
    void the_factories_with_named_parts_build_the_events_field_by_field() {
        Quote quote = new Quote("text-to-motion", Toolkit.MOTION, C6, "2026-11-01");
        CreditsReserved hold = CreditsReserved.of("acc-1", "job-3", quote, P, new Split(C4, C2), A, C).withExpiryDeadlineId("deadline-1");
        assertThat(hold).isEqualTo(STORED.get(7).getKey());
        assertThat(HoldCaptured.of(hold, P, "2026-11-01", Credits.of(7), new Split(C5, C2), A, Split.NONE, Credits.ZERO))
                .isEqualTo(STORED.get(8).getKey());
        assertThat(JobCharged.of("acc-1", "job-1", new Quote("text-to-motion", Toolkit.MOTION, C5, "2026-11-01"), P,
                new Split(C2, C3), A)).isEqualTo(STORED.get(4).getKey());
    }

    @Test
    void snapshots_of_another_revision_are_skipped_and_the_account_is_folded_from_its_events() {
        assertThat(SERIALIZER.typeForClass(CreditAccount.class).getRevision()).isEqualTo("1");
        SnapshotFilter filter = EventStoreConfiguration.snapshotFilter();
        assertThat(filter.allow(snapshot(null))).isFalse();
        assertThat(filter.allow(snapshot("1"))).isTrue();
    }

    @Test
    void a_snapshot_keeps_the_alert_thresholds_in_the_state() {
        String json = "{\"accountId\":\"acc-1\",\"state\":{\"subscription\":0,\"topUp\":100,\"cycle\":null,\"holds\":{},"
                + "\"alertThresholds\":[{\"credits\":60}]}}";
        Object account = SERIALIZER.deserialize(new SimpleSerializedObject<>(json.getBytes(StandardCharsets.UTF_8), byte[].class,
                CreditAccount.class.getName(), "1"));
        assertThat(new String(SERIALIZER.serialize(account, byte[].class).getData(), StandardCharsets.UTF_8)).isEqualTo(json);
    }

    private static GenericDomainEventEntry<byte[]> snapshot(String revision) {
        // the snapshot of an account as revision null wrote it: the thresholds beside the state
        String json = "{\"accountId\":\"acc-1\",\"state\":{\"subscription\":0,\"topUp\":100,\"cycle\":null,\"holds\":{}},"
                + "\"alertThresholds\":[{\"credits\":60}]}";
        return new GenericDomainEventEntry<>("CreditAccount", "acc-1", 4, "snapshot-1", "2026-11-03T00:00:00Z",
                CreditAccount.class.getName(), revision, json.getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }
}
