package com.creditledger.account;

import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.pricing.Credits;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a command must look like before it may reach an account, whichever adapter built it. */
class CommandShapeTest {

    private static final String ACC = "acc-1";
    private static final Credits TEN = Credits.of(10);
    private static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

    /** NUL, which PostgreSQL refuses in text; the other C0 and C1 controls; DEL; an unpaired surrogate. */
    @ParameterizedTest
    @ValueSource(strings = {"job\u0000x", "\u0001", "tab\there", "line\nbreak", "\u001f", "del\u007f", "c1\u0085", "c1\u009f",
            "half\ud800", "\udc00half"})
    void text_with_control_characters_or_broken_unicode_is_refused_in_every_field(String bad) {
        Map<String, Function<String, ?>> fields = Map.of(
                "plan", text -> new RenewSubscription(ACC, text, TEN, NOV, DEC),
                "paymentId", text -> new TopUp(ACC, text, TEN, null),
                "packageId", text -> new TopUp(ACC, "pay-1", TEN, text),
                "jobId", text -> new ChargeJob(ACC, text, "motion-edit", null),
                "tool", text -> new ReserveCredits(ACC, "job-1", text, null, null),
                "reason", text -> new RefundJob(ACC, "job-1", text),
                "params", text -> new CaptureCharge(ACC, "job-1", Map.of(text, 1L)));
        fields.forEach((field, command) -> assertRefused(() -> command.apply(bad), RejectionReason.INVALID_REQUEST, field));
        assertRefused(() -> new ReleaseHold(ACC, "job-1", bad), RejectionReason.INVALID_REQUEST, "reason");
        assertRefused(() -> new CaptureCharge(ACC, bad, null), RejectionReason.INVALID_REQUEST, "jobId");
        assertRefused(() -> new OpenAccount(bad), RejectionReason.INVALID_ACCOUNT_ID, "accountId");
    }

    @Test
    void printable_text_of_any_script_is_taken_as_it_is() {
        String text = "Ärger – 失敗 🚀 \u200d\u202e";
        assertThat(new RefundJob(ACC, "job 1/ü", text).reason()).isEqualTo(text);
        assertThat(new ChargeJob(ACC, "😀", "motion-edit", null).jobId()).isEqualTo("😀");
    }

    @Test
    void the_message_names_the_field_and_the_character() {
        assertThatThrownBy(() -> new ChargeJob(ACC, "job\u0000x", "motion-edit", null))
                .hasMessage("jobId cannot contain control characters (found U+0000)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59.999999999Z",
            "1969-12-31T23:59:59.999999999Z", "-000001-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z"})
    void an_instant_outside_what_postgresql_and_the_scheduler_hold_is_refused(String text) {
        Instant bad = Instant.parse(text);
        assertRefused(() -> new RenewSubscription(ACC, "pro", TEN, bad, DEC), RejectionReason.INVALID_REQUEST, "periodStart");
        assertRefused(() -> new RenewSubscription(ACC, "pro", TEN, NOV, bad), RejectionReason.INVALID_REQUEST, "periodEnd");
        assertRefused(() -> new ReserveCredits(ACC, "job-1", "motion-edit", null, bad), RejectionReason.INVALID_REQUEST, "expiresAt");
        assertThatThrownBy(() -> new ReserveCredits(ACC, "job-1", "motion-edit", null, bad))
                .hasMessage("expiresAt must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, was " + bad);
    }

    @Test
    void the_bounds_themselves_are_storable() {
        new RenewSubscription(ACC, "pro", TEN, Instants.EARLIEST, Instants.LATEST);
        new ReserveCredits(ACC, "job-1", "motion-edit", null, Instants.LATEST);
    }

    private static void assertRefused(ThrowingCallable command, RejectionReason reason, String field) {
        assertThatThrownBy(command).as(field).isInstanceOfSatisfying(InvalidCommandException.class, e -> {
            assertThat(e.reason()).as(field).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
        });
    }
}
