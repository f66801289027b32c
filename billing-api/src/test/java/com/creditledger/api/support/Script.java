package com.creditledger.api.support;

import com.creditledger.api.support.Api.Response;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scripted stretch of an account's life through the API, at instants of the test's choosing:
 * each step must be accepted.
 */
public final class Script {

    private final Api billing;
    private final Api jobService;
    private final OffsetClock clock;

    public Script(Api billing, Api jobService, OffsetClock clock) {
        this.billing = billing;
        this.jobService = jobService;
        this.clock = clock;
    }

    public Script at(String instant) {
        clock.moveTo(Instant.parse(instant));
        return this;
    }

    public Script open(String account) {
        Response response = billing.post("/api/accounts", "{\"accountId\":\"" + account + "\"}");
        assertThat(response.status()).as(response.body().toString()).isEqualTo(201);
        return this;
    }

    public Script renew(String account, long credits, String periodStart, String periodEnd) {
        return ok(billing.post(path(account, "/renewals"), "{\"plan\":\"pro\",\"monthlyCredits\":" + credits
                + ",\"periodStart\":\"" + periodStart + "\",\"periodEnd\":\"" + periodEnd + "\"}"));
    }

    public Script topUp(String account, String paymentId, long credits) {
        return ok(billing.post(path(account, "/top-ups"), "{\"paymentId\":\"" + paymentId + "\",\"credits\":" + credits + "}"));
    }

    /** {@code params} is a JSON object, or null for a tool that takes none. */
    public Script charge(String account, String job, String tool, String params) {
        return ok(jobService.post(path(account, "/charges"),
                "{\"jobId\":\"" + job + "\",\"tool\":\"" + tool + "\"" + (params == null ? "" : ",\"params\":" + params) + "}"));
    }

    public Script refund(String account, String job) {
        return ok(billing.post(path(account, "/refunds"), "{\"jobId\":\"" + job + "\",\"reason\":\"failed\"}"));
    }

    private Script ok(Response response) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
        return this;
    }

    private static String path(String account, String rest) {
        return "/api/accounts/" + account + rest;
    }
}
