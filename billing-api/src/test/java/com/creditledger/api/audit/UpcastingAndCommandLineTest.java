package com.creditledger.api.audit;

import com.creditledger.api.support.ServiceTest;
import com.creditledger.api.support.TestDatabase;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class UpcastingAndCommandLineTest extends ServiceTest {

    @Test
    void a_top_up_stored_in_the_old_shape_is_read_in_the_new_one() {
        String acc = newAccountId();
        insertStored(acc, 0, "AccountOpened", null, "{\"accountId\":\"" + acc + "\"}");
        // revision 0 of CreditsToppedUp: "amount", no packageId
        insertStored(acc, 1, "CreditsToppedUp", null, "{\"accountId\":\"" + acc + "\",\"paymentId\":\"old-pay\",\"amount\":50}");

        var charged = jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j\",\"tool\":\"motion-edit\"}");
        assertThat(charged.status()).as(charged.body().toString()).isEqualTo(200);
        assertThat(charged.body().path("balance").path("topUp").asLong()).isEqualTo(45);

        var duplicatePayment = billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"new-pay\",\"credits\":5}");
        assertThat(duplicatePayment.body().path("balance").path("topUp").asLong()).isEqualTo(50);
        eventually(() -> assertThat(finance().get("/api/accounts/" + acc + "/balance").body().path("topUp").asLong()).isEqualTo(50));
        assertThat(as("auditor").get("/api/audit/accounts/" + acc + "/verify").body().path("chain").path("intact").asBoolean()).isTrue();
        assertThat(as("auditor").get("/api/audit/accounts/" + acc + "/balance?asOf=2100-01-01T00:00:00Z").body().path("topUp").asLong())
                .isEqualTo(50);
    }

    @Test
    void a_request_answered_under_an_old_shape_of_its_event_answers_the_same_today() {
        String acc = newAccountId();
        insertStored(acc, 0, "AccountOpened", null, "{\"accountId\":\"" + acc + "\"}");
        insertStored(acc, 1, "CreditsToppedUp", null, "{\"accountId\":\"" + acc + "\",\"paymentId\":\"old-pay\",\"amount\":50}");
        jdbc.sql("insert into account_request (account_id, kind, request_key, sequence_number) values (:a, 'TOP_UP', 'old-pay', 1)")
                .param("a", acc).update();

        var resent = billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"old-pay\",\"credits\":50}");
        assertThat(resent.status()).as(resent.body().toString()).isEqualTo(200);
        assertThat(resent.body().path("duplicate").asBoolean()).isTrue();
        assertThat(resent.body().path("credits").asLong()).isEqualTo(50);
        assertThat(resent.body().path("balance").path("topUp").asLong()).isEqualTo(50);

        var other = billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"old-pay\",\"credits\":60}");
        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().path("reason").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        assertThat(storedEvents(acc)).isEqualTo(2);
    }

    @Test
    void the_command_line_verifies_an_account_against_a_database() {
        String acc = newAccountId();
        billing().post("/api/accounts", "{\"accountId\":\"" + acc + "\"}");
        billing().post("/api/accounts/" + acc + "/top-ups", "{\"paymentId\":\"p\",\"credits\":100}");
        jobService().post("/api/accounts/" + acc + "/charges", "{\"jobId\":\"j\",\"tool\":\"motion-edit\"}");
        eventually(() -> assertThat(run("verify", "--account", acc, "--db-url", TestDatabase.url()).status).isZero());

        Result balance = run("balance", "--account", acc, "--as-of", "2100-01-01T00:00:00Z", "--db-url", TestDatabase.url());
        assertThat(balance.status).isZero();
        assertThat(balance.out).contains("\"total\" : 95");

        Result events = run("events", "--account", acc, "--format", "csv", "--db-url", TestDatabase.url());
        assertThat(events.out.lines().filter(line -> !line.isBlank())).hasSize(4);

        jdbc.sql("update domain_event_entry set payload = convert_to(replace(convert_from(payload, 'UTF8'), '100', '900'), 'UTF8') "
                + "where aggregate_identifier = :a and sequence_number = 1").param("a", acc).update();
        Result broken = run("verify", "--account", acc, "--db-url", TestDatabase.url());
        assertThat(broken.status).isEqualTo(1);
        assertThat(broken.out).contains("\"firstBrokenSequence\" : 1");

        assertThat(run("verify", "--db-url", TestDatabase.url()).status).isEqualTo(2);
    }

    record Result(int status, String out) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = AuditCommandLine.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8));
    }

    /** Writes an event as an older version of the service did, hash included (as a backfill of the chain would). */
    private void insertStored(String acc, long sequence, String type, String revision, String payload) {
        String previous = sequence == 0 ? EventChain.GENESIS
                : jdbc.sql("select hash from event_hash where aggregate_identifier = :a and sequence_number = :s")
                .param("a", acc).param("s", sequence - 1).query(String.class).single();
        String eventId = acc + "-legacy-" + sequence;
        String payloadType = "com.creditledger.account.AccountEvent$" + type;
        String timestamp = "2026-01-01T00:00:0" + sequence + ".000Z";
        jdbc.sql("insert into event_hash (aggregate_identifier, sequence_number, event_identifier, hash) values (:a, :s, :e, :h)")
                .param("a", acc).param("s", sequence).param("e", eventId)
                .param("h", EventChain.link(previous, sequence, eventId, payloadType, timestamp, payload.getBytes(StandardCharsets.UTF_8)))
                .update();
        jdbc.sql("""
                        insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier, meta_data,
                                                        payload, payload_revision, payload_type, time_stamp)
                        values (:a, :s, 'CreditAccount', :id, convert_to('{}', 'UTF8'), convert_to(:payload, 'UTF8'), :revision, :type, :at)""")
                .param("a", acc).param("s", sequence).param("id", eventId)
                .param("payload", payload).param("revision", revision)
                .param("type", payloadType)
                .param("at", timestamp)
                .update();
    }
}
