package com.creditledger.api.account;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.RequestHistory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Optional;

/**
 * The request history in PostgreSQL. It joins the command's transaction (Axon's unit of work
 * runs in a Spring transaction), so a record exists exactly when its event was stored.
 */
@Component
public class JdbcRequestHistory implements RequestHistory {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public JdbcRequestHistory(JdbcClient jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<JobCharged> findCharge(String accountId, String jobId) {
        return find(JobCharged.class, accountId, "CHARGE", jobId);
    }

    @Override
    public Optional<JobRefunded> findRefund(String accountId, String jobId) {
        return find(JobRefunded.class, accountId, "REFUND", jobId);
    }

    @Override
    public Optional<CreditsToppedUp> findTopUp(String accountId, String paymentId) {
        return find(CreditsToppedUp.class, accountId, "TOP_UP", paymentId);
    }

    @Override
    public Optional<SubscriptionRenewed> findRenewal(String accountId, Instant periodStart) {
        return find(SubscriptionRenewed.class, accountId, "RENEWAL", periodStart.toString());
    }

    @Override
    public void remember(AccountEvent event) {
        String kind;
        String key;
        if (event instanceof JobCharged charged) {
            kind = "CHARGE";
            key = charged.jobId();
        } else if (event instanceof JobRefunded refunded) {
            kind = "REFUND";
            key = refunded.jobId();
        } else if (event instanceof CreditsToppedUp toppedUp) {
            kind = "TOP_UP";
            key = toppedUp.paymentId();
        } else if (event instanceof SubscriptionRenewed renewed) {
            kind = "RENEWAL";
            key = renewed.periodStart().toString();
        } else {
            throw new IllegalArgumentException("no idempotency key for " + event.getClass().getSimpleName());
        }
        jdbc.sql("insert into account_request (account_id, kind, request_key, event) values (:account, :kind, :key, cast(:event as jsonb))")
                .param("account", event.accountId())
                .param("kind", kind)
                .param("key", key)
                .param("event", write(event))
                .update();
    }

    private <T extends AccountEvent> Optional<T> find(Class<T> type, String accountId, String kind, String key) {
        return jdbc.sql("select event from account_request where account_id = :account and kind = :kind and request_key = :key")
                .param("account", accountId)
                .param("kind", kind)
                .param("key", key)
                .query(String.class)
                .optional()
                .map(stored -> read(stored, type));
    }

    private String write(AccountEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event, e);
        }
    }

    private <T> T read(String stored, Class<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable request history entry of type " + type.getSimpleName(), e);
        }
    }
}
