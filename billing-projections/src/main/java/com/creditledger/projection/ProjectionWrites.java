package com.creditledger.projection;

import com.creditledger.unitofwork.BeforeCommit;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes of event handlers, sent to PostgreSQL a batch at a time. A tracking processor hands
 * its projections a batch of events in one unit of work and one transaction (and a Kafka batch
 * of commands is one unit of work too); one statement per event would cost a round trip per
 * event, most of a replay's time. Here consecutive writes with the same SQL travel as one JDBC
 * batch, sent when the SQL changes and just before the unit of work commits its transaction,
 * so their order and their transaction are unchanged. Nothing written this way can be read
 * back before that: only writes nobody reads in the same unit of work belong here. Outside a
 * unit of work a write is sent at once. Rows that all go into one table the same way are better
 * sent as {@link #rows columns}: one statement for the whole unit of work.
 */
@Component
public class ProjectionWrites {

    private static final String PENDING = ProjectionWrites.class.getName() + ".pending";

    private final NamedParameterJdbcTemplate jdbc;

    public ProjectionWrites(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Rows for {@code sql}, a statement that takes its {@code ?} columns (of the SQL {@code types})
     * apart with {@code unnest}. Made once; each unit of work then sends the rows added to it as
     * one statement just before it commits.
     */
    public Rows rows(String sql, String... types) {
        return new Rows(sql, types);
    }

    public final class Rows {

        private final String sql;
        private final String[] types;
        private final String resource;

        private Rows(String sql, String... types) {
            this.sql = sql;
            this.types = types;
            this.resource = PENDING + "." + sql;
        }

        /** Adds a row to the current unit of work's; only within a unit of work. */
        public void add(Object... row) {
            BeforeCommit.resource(resource, () -> new ColumnArrays(types), rows -> rows.update(jdbc.getJdbcOperations(), sql)).add(row);
        }
    }

    /** One write, its parameters named as in {@code sql}; {@link Write#send()} queues it. */
    public Write sql(String sql) {
        return new Write(sql);
    }

    public final class Write {

        private final String sql;
        private final Map<String, Object> params = new HashMap<>();

        private Write(String sql) {
            this.sql = sql;
        }

        public Write param(String name, Object value) {
            params.put(name, value);
            return this;
        }

        public void send() {
            if (!CurrentUnitOfWork.isStarted()) {
                jdbc.update(sql, params);
                return;
            }
            BeforeCommit.resource(PENDING, Pending::new, Pending::flush).add(sql, params);
        }
    }

    /** The writes of one unit of work not sent yet: all with the same SQL, in order. */
    private final class Pending {

        private String sql;
        private final List<Map<String, Object>> rows = new ArrayList<>();

        void add(String sql, Map<String, Object> params) {
            if (this.sql != null && !this.sql.equals(sql)) {
                flush();
            }
            this.sql = sql;
            rows.add(params);
        }

        @SuppressWarnings("unchecked")
        void flush() {
            if (!rows.isEmpty()) {
                jdbc.batchUpdate(sql, rows.toArray(new Map[0]));
                rows.clear();
            }
            sql = null;
        }
    }
}
