package com.creditledger.api.account;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.RequestHistory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The request history in PostgreSQL. It joins the command's transaction (Axon's unit of work
 * runs in a Spring transaction), so a record exists exactly when its event was stored.
 */
@Component
public class JdbcRequestHistory implements RequestHistory {

    private static final List<String> JOB = List.of(Kind.CHARGE.name(), Kind.HOLD.name());
    private static final List<String> SETTLEMENT = List.of(Kind.CAPTURE.name(), Kind.RELEASE.name(), Kind.EXPIRY.name());

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public JdbcRequestHistory(JdbcClient jdbc, @Qualifier("defaultAxonObjectMapper") ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Optional<AccountEvent> findJob(String accountId, String jobId) {
        return find(accountId, JOB, jobId);
    }

    @Override
    public Optional<AccountEvent> findSettlement(String accountId, String jobId) {
        return find(accountId, SETTLEMENT, jobId);
    }

    @Override
    public Optional<JobRefunded> findRefund(String accountId, String jobId) {
        return find(accountId, List.of(Kind.REFUND.name()), jobId).map(JobRefunded.class::cast);
    }

    @Override
    public Optional<CreditsToppedUp> findTopUp(String accountId, String paymentId) {
        return find(accountId, List.of(Kind.TOP_UP.name()), paymentId).map(CreditsToppedUp.class::cast);
    }

    @Override
    public Optional<SubscriptionRenewed> findRenewal(String accountId, Instant periodStart) {
        return find(accountId, List.of(Kind.RENEWAL.name()), periodStart.toString()).map(SubscriptionRenewed.class::cast);
    }

    @Override
    public void remember(AccountEvent event) {
        jdbc.sql("insert into account_request (account_id, kind, request_key, event) values (:account, :kind, :key, cast(:event as jsonb))")
                .param("account", event.accountId())
                .param("kind", Kind.of(event).name())
                .param("key", Kind.keyOf(event))
                .param("event", write(event))
                .update();
    }

    /** One query for several kinds: a job id is looked up as a charge and as a hold at once. */
    private Optional<AccountEvent> find(String accountId, List<String> kinds, String key) {
        return jdbc.sql("select kind, event from account_request where account_id = :account and kind in (:kinds) and request_key = :key")
                .param("account", accountId)
                .param("kinds", kinds)
                .param("key", key)
                .query((rs, row) -> read(rs.getString("event"), Kind.valueOf(rs.getString("kind")).type()))
                .optional();
    }

    private String write(AccountEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + event, e);
        }
    }

    private AccountEvent read(String stored, Class<? extends AccountEvent> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable request history entry of type " + type.getSimpleName(), e);
        }
    }
}
