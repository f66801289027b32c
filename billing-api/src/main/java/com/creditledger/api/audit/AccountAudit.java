package com.creditledger.api.audit;

import com.creditledger.account.AccountEvent;
import com.creditledger.account.AccountEvent.HoldCaptured;
import com.creditledger.account.AccountEvent.JobCharged;
import com.creditledger.account.AccountEvent.JobRefunded;
import com.creditledger.account.AccountState;
import com.creditledger.account.Balance;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What auditors ask of the event store, answered from the store alone: an account's events,
 * its balance at any past instant, whether its hash chain is intact and whether every
 * projection agrees with its events. Used by the HTTP API and by the command line, so it
 * needs nothing but a data source and a storage engine.
 */
public class AccountAudit {

    /** One stored event as it is in the store. */
    public record StoredEvent(long globalIndex, long sequenceNumber, String eventIdentifier, String timestamp,
                              String payloadType, byte[] payload) {
    }

    /** {@code subscription}, {@code topUp} and {@code total} are what could be spent; {@code held} was set aside for running jobs. */
    public record BalanceAsOf(String accountId, Instant asOf, long subscription, long topUp, long total, Balance.Held held,
                              long events, Long lastSequence, String lastEventId, Instant lastEventAt) {
    }

    /** The balance right after one event; {@code event} is the event's type. */
    public record BalancePoint(long sequenceNumber, Instant occurredAt, String event, long subscription, long topUp,
                               long total, Balance.Held held) {
    }

    public record ChainCheck(boolean intact, long events, Long firstBrokenSequence, List<String> problems) {
    }

    public record Verification(String accountId, boolean ok, ChainCheck chain, List<String> projectionDifferences,
                               Balance recomputed) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final EventStorageEngine storage;

    public AccountAudit(JdbcTemplate jdbcTemplate, EventStorageEngine storage) {
        this.streaming = jdbcTemplate;
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.storage = storage;
    }

    public boolean exists(String accountId) {
        return jdbc.sql("select exists (select 1 from domain_event_entry where aggregate_identifier = :a)")
                .param("a", accountId).query(Boolean.class).single();
    }

    /**
     * Streams the account's stored events in order, between two instants (null: open); rows are
     * fetched from a cursor, so an account of any length passes through in constant memory. The
     * caller must be in a transaction for PostgreSQL to use the cursor.
     */
    public void events(String accountId, Instant from, Instant to, Consumer<StoredEvent> consumer) {
        List<String> parameters = new ArrayList<>(List.of(accountId));
        StringBuilder sql = new StringBuilder("""
                select global_index, sequence_number, event_identifier, time_stamp, payload_type, payload
                from domain_event_entry where aggregate_identifier = ?""");
        // Axon writes timestamps as fixed-width ISO-8601 text, so text order is time order.
        if (from != null) {
            sql.append(" and time_stamp >= ?");
            parameters.add(DateTimeUtils.formatInstant(from));
        }
        if (to != null) {
            sql.append(" and time_stamp < ?");
            parameters.add(DateTimeUtils.formatInstant(to));
        }
        sql.append(" order by sequence_number");
        streaming.query(connection -> {
            var statement = connection.prepareStatement(sql.toString());
            statement.setFetchSize(1000);
            for (int i = 0; i < parameters.size(); i++) {
                statement.setString(i + 1, parameters.get(i));
            }
            return statement;
        }, (ResultSet rs) -> {
            consumer.accept(new StoredEvent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getBytes(6)));
        });
    }

    /** The balance at {@code asOf}, by replaying the account's events up to that instant (not from any projection). */
    public BalanceAsOf balanceAsOf(String accountId, Instant asOf) {
        AccountState state = AccountState.OPENED;
        long count = 0;
        DomainEventMessage<?> last = null;
        DomainEventStream stream = storage.readEvents(accountId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getTimestamp().isAfter(asOf)) {
                break;
            }
            state = state.apply((AccountEvent) message.getPayload());
            last = message;
            count++;
        }
        Balance balance = state.balanceAt(asOf);
        return new BalanceAsOf(accountId, asOf, balance.subscription().amount(), balance.topUp().amount(),
                balance.total().amount(), balance.held(), count, last == null ? null : last.getSequenceNumber(),
                last == null ? null : last.getIdentifier(), last == null ? null : last.getTimestamp());
    }

    /**
     * The balance after each of the account's events in [from, to) (null: open), by replaying its
     * events from the first, as {@link #balanceAsOf} does at one instant.
     */
    public List<BalancePoint> balanceHistory(String accountId, Instant from, Instant to) {
        List<BalancePoint> points = new ArrayList<>();
        AccountState state = AccountState.OPENED;
        DomainEventStream stream = storage.readEvents(accountId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (to != null && !message.getTimestamp().isBefore(to)) {
                break;
            }
            state = state.apply((AccountEvent) message.getPayload());
            if (from == null || !message.getTimestamp().isBefore(from)) {
                Balance balance = state.balanceAt(message.getTimestamp());
                points.add(new BalancePoint(message.getSequenceNumber(), message.getTimestamp(),
                        message.getPayloadType().getSimpleName(), balance.subscription().amount(), balance.topUp().amount(),
                        balance.total().amount(), balance.held()));
            }
        }
        return points;
    }

    /** Walks the account's hash chain from the first event; names the first sequence number where it breaks. */
    public ChainCheck verifyChain(String accountId) {
        List<String> problems = new ArrayList<>();
        Long firstBroken = null;
        long expected = 0;
        String previous = EventChain.GENESIS;
        List<ChainRow> rows = jdbc.sql("""
                        select coalesce(e.sequence_number, h.sequence_number) as seq, e.event_identifier, e.payload_type,
                               e.time_stamp, e.payload, h.hash, h.event_identifier as hashed_event
                        from (select * from domain_event_entry where aggregate_identifier = :a) e
                        full outer join (select * from event_hash where aggregate_identifier = :a) h
                          on e.sequence_number = h.sequence_number
                        order by seq""")
                .param("a", accountId)
                .query((rs, n) -> ChainRow.read(rs))
                .list();
        for (ChainRow row : rows) {
            String problem = null;
            if (row.sequence != expected) {
                problem = "sequence " + expected + " is missing (next stored is " + row.sequence + "): an event was removed";
            } else if (row.eventIdentifier == null) {
                problem = "sequence " + row.sequence + " was hashed but its event is gone: an event was removed";
            } else if (row.hash == null) {
                problem = "sequence " + row.sequence + " has no hash: an event was inserted";
            } else if (!row.eventIdentifier.equals(row.hashedEvent)) {
                problem = "sequence " + row.sequence + " holds event " + row.eventIdentifier + " but " + row.hashedEvent
                        + " was hashed there: events were reordered or replaced";
            } else if (!EventChain.link(previous, row.sequence, row.eventIdentifier, row.payloadType, row.timestamp, row.payload)
                    .equals(row.hash)) {
                problem = "sequence " + row.sequence + " does not match its hash: the event was altered";
            }
            if (problem != null) {
                problems.add(problem);
                if (firstBroken == null) {
                    firstBroken = Math.min(expected, row.sequence);
                }
                if (problems.size() >= 20) {
                    break;
                }
            }
            previous = row.hash == null ? previous : row.hash;
            expected = row.sequence + 1;
        }
        return new ChainCheck(problems.isEmpty(), rows.size(), firstBroken, problems);
    }

    private record ChainRow(long sequence, String eventIdentifier, String payloadType, String timestamp, byte[] payload,
                            String hash, String hashedEvent) {
        static ChainRow read(ResultSet rs) throws SQLException {
            return new ChainRow(rs.getLong("seq"), rs.getString("event_identifier"), rs.getString("payload_type"),
                    rs.getString("time_stamp"), rs.getBytes("payload"), rs.getString("hash"), rs.getString("hashed_event"));
        }
    }

    /** Recomputes the account from its events and compares it with every projection's rows for it. */
    public Verification verify(String accountId) {
        ChainCheck chain = verifyChain(accountId);
        AccountState state = AccountState.OPENED;
        long lastSequence = -1;
        Map<String, List<Long>> usage = new HashMap<>();
        long[] finance = new long[7];
        long movements = 0;
        DomainEventStream stream = storage.readEvents(accountId, 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            AccountEvent event = (AccountEvent) message.getPayload();
            state = state.apply(event);
            lastSequence = message.getSequenceNumber();
            movements += FinanceMovement.add(event, finance);
            if (event instanceof JobCharged charged) {
                usage.put(charged.jobId() + "/CHARGE", List.of(charged.credits().amount(), charged.fromSubscription().amount(),
                        charged.fromTopUp().amount()));
            } else if (event instanceof HoldCaptured captured) {
                usage.put(captured.jobId() + "/CHARGE", List.of(captured.credits().amount(), captured.fromSubscription().amount(),
                        captured.fromTopUp().amount()));
            } else if (event instanceof JobRefunded refunded) {
                long toSubscription = refunded.toSubscription().amount();
                long toTopUp = refunded.toTopUp().amount();
                usage.put(refunded.jobId() + "/REFUND", List.of(toSubscription + toTopUp, toSubscription, toTopUp));
            }
        }
        List<String> differences = new ArrayList<>();
        compareBalanceView(accountId, state, lastSequence, differences);
        compareOpenHolds(accountId, state, differences);
        Map<String, List<Long>> usageRows = new HashMap<>();
        jdbc.sql("select job_id, kind, credits, from_subscription, from_top_up from usage_entry where account_id = :a")
                .param("a", accountId)
                .query(rs -> {
                    usageRows.put(rs.getString(1) + "/" + rs.getString(2), List.of(rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                });
        if (!usageRows.equals(usage)) {
            differences.add("usage history: expected " + usage + " but found " + usageRows);
        }
        long[] financeRows = new long[7];
        long financeCount = jdbc.sql("""
                        select count(*), coalesce(sum(consumed_subscription), 0), coalesce(sum(consumed_top_up), 0),
                               coalesce(sum(refunded_subscription), 0), coalesce(sum(refunded_top_up), 0),
                               coalesce(sum(granted_subscription), 0), coalesce(sum(expired_subscription), 0),
                               coalesce(sum(sold_top_up), 0)
                        from finance_entry where account_id = :a""")
                .param("a", accountId)
                .query((rs, n) -> {
                    for (int i = 0; i < 7; i++) {
                        financeRows[i] = rs.getLong(i + 2);
                    }
                    return rs.getLong(1);
                }).single();
        if (financeCount != movements || !java.util.Arrays.equals(finance, financeRows)) {
            differences.add("finance ledger: expected " + movements + " rows summing to " + java.util.Arrays.toString(finance)
                    + " (consumed sub/top-up, refunded sub/top-up, granted, expired, sold) but found " + financeCount
                    + " rows summing to " + java.util.Arrays.toString(financeRows));
        }
        return new Verification(accountId, chain.intact() && differences.isEmpty(), chain, differences,
                new Balance(state.subscription(), state.topUp(), state.held()));
    }

    private void compareBalanceView(String accountId, AccountState state, long lastSequence, List<String> differences) {
        Optional<Map<String, Object>> row = jdbc.sql("select * from balance_view where account_id = :a").param("a", accountId)
                .query().listOfRows().stream().findFirst();
        if (row.isEmpty()) {
            if (lastSequence >= 0) {
                differences.add("balance view: no row, but the account has " + (lastSequence + 1) + " events");
            }
            return;
        }
        Map<String, Object> view = row.get();
        check(differences, "balance view subscription", state.subscription().amount(), ((Number) view.get("subscription")).longValue());
        check(differences, "balance view top-up", state.topUp().amount(), ((Number) view.get("top_up")).longValue());
        check(differences, "balance view held subscription", state.held().subscription().amount(),
                ((Number) view.get("held_subscription")).longValue());
        check(differences, "balance view held top-up", state.held().topUp().amount(), ((Number) view.get("held_top_up")).longValue());
        check(differences, "balance view last sequence", lastSequence, ((Number) view.get("last_sequence")).longValue());
        if (state.cycle() != null) {
            check(differences, "balance view plan", state.cycle().plan(), view.get("plan"));
            check(differences, "balance view period end", state.cycle().periodEnd(), instant(view.get("period_end")));
        }
    }

    private void compareOpenHolds(String accountId, AccountState state, List<String> differences) {
        Map<String, Long> expected = new java.util.TreeMap<>();
        state.holds().forEach((jobId, hold) -> expected.put(jobId, hold.credits().amount()));
        Map<String, Long> found = new java.util.TreeMap<>();
        jdbc.sql("select job_id, credits from open_hold where account_id = :a").param("a", accountId)
                .query(rs -> {
                    found.put(rs.getString(1), rs.getLong(2));
                });
        check(differences, "open holds (job: credits)", expected, found);
    }

    private static Instant instant(Object value) {
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return null;
    }

    private static void check(List<String> differences, String what, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            differences.add(what + ": the events say " + expected + ", the projection says " + actual);
        }
    }

    /** Every account in the store, in id order, streamed. */
    public void accounts(Consumer<String> consumer) {
        streaming.query(connection -> {
            var statement = connection.prepareStatement("select distinct aggregate_identifier from domain_event_entry order by 1");
            statement.setFetchSize(1000);
            return statement;
        }, (ResultSet rs) -> {
            consumer.accept(rs.getString(1));
        });
    }
}
