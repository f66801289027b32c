package com.creditledger.api.account;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.CreditsToppedUp;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountEvent.SubscriptionRenewed;
import com.creditledger.account.RequestHistory;
import com.creditledger.projection.ProjectionWrites;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Qualifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request history in PostgreSQL. It joins the command's transaction (Axon's unit of work
 * runs in a Spring transaction), so a record exists exactly when its event was stored. Records
 * are sent in one batch when the unit of work commits, and looked up there until then.
 */
@Component
public class JdbcRequestHistory implements RequestHistory {

    private static final List<String> JOB = List.of(Kind.CHARGE.name(), Kind.HOLD.name());
    private static final List<String> SETTLEMENT = List.of(Kind.CAPTURE.name(), Kind.RELEASE.name(), Kind.EXPIRY.name());

    private static final String PENDING = JdbcRequestHistory.class.getName() + ".pending";

    /** A request's identity: the table's primary key. */
    private record Key(String accountId, String kind, String key) {
    }

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper json;

    public JdbcRequestHistory(JdbcClient jdbc, NamedParameterJdbcTemplate named,
                              @Qualifier("defaultAxonObjectMapper") ObjectMapper json) {
        this.jdbc = jdbc;
        this.named = named;
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
        Key key = new Key(event.accountId(), Kind.of(event).name(), Kind.keyOf(event));
        if (!CurrentUnitOfWork.isStarted()) {
            insert(List.of(Map.entry(key, event)));
            return;
        }
        Map<Key, AccountEvent> pending = ProjectionWrites.<Map<Key, AccountEvent>>untilCommit(PENDING, LinkedHashMap::new,
                unsent -> insert(List.copyOf(unsent.entrySet())));
        if (pending.putIfAbsent(key, event) != null) {
            throw new IllegalStateException("remembered twice: " + key);
        }
    }

    /**
     * Looks first in what this unit of work has remembered but not sent yet (a Kafka batch
     * holds an account's commands together: a job charged early in it is a duplicate later in
     * it), then in the table; one query serves several kinds, a job id as a charge and a hold.
     */
    private Optional<AccountEvent> find(String accountId, List<String> kinds, String key) {
        if (CurrentUnitOfWork.isStarted()) {
            Map<Key, AccountEvent> pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null) {
                for (String kind : kinds) {
                    AccountEvent unsent = pending.get(new Key(accountId, kind, key));
                    if (unsent != null) {
                        return Optional.of(unsent);
                    }
                }
            }
        }
        return jdbc.sql("select kind, event from account_request where account_id = :account and kind in (:kinds) and request_key = :key")
                .param("account", accountId)
                .param("kinds", kinds)
                .param("key", key)
                .query((rs, row) -> read(rs.getString("event"), Kind.valueOf(rs.getString("kind")).type()))
                .optional();
    }

    /** One JDBC batch, sent just before the unit of work (a command, or a whole Kafka batch) commits its transaction. */
    private void insert(List<Map.Entry<Key, AccountEvent>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        SqlParameterSource[] batch = rows.stream().map(row -> new MapSqlParameterSource()
                        .addValue("account", row.getKey().accountId())
                        .addValue("kind", row.getKey().kind())
                        .addValue("key", row.getKey().key())
                        .addValue("event", write(row.getValue())))
                .toArray(SqlParameterSource[]::new);
        named.batchUpdate("insert into account_request (account_id, kind, request_key, event) "
                + "values (:account, :kind, :key, cast(:event as jsonb))", batch);
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
