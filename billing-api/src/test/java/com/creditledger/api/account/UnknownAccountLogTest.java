package com.creditledger.api.account;

import com.creditledger.api.support.ServiceTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.creditledger.api.account.HostileInputTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** A caller's mistake is answered, not logged as if it were the service's fault. */
@ExtendWith(OutputCaptureExtension.class)
class UnknownAccountLogTest extends ServiceTest {

    @Test
    void a_command_to_an_unknown_account_leaves_no_warning_and_no_stack_trace(CapturedOutput output) {
        int from = output.length();
        assertProblem(jobService().post("/api/accounts/nobody-here/charges", "{\"jobId\":\"j1\",\"tool\":\"motion-edit\"}"),
                404, "UNKNOWN_ACCOUNT", "accountId");
        assertProblem(billing().post("/api/accounts/nobody-here/top-ups", "{\"paymentId\":\"p1\",\"credits\":10}"),
                404, "UNKNOWN_ACCOUNT", "accountId");
        // other threads may log meanwhile: only what concerns this account counts
        String logged = output.toString().substring(from);
        assertThat(logged).doesNotContain("AggregateNotFoundException");
        assertThat(logged.lines().filter(line -> line.contains("nobody-here")))
                .noneMatch(line -> line.contains(" WARN ") || line.contains(" ERROR "));
    }
}
