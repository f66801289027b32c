package com.creditledger.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's counters of the work done in the benchmark's database: commits and rows written
 * (pg_stat_database), WAL written (the server's, all databases: WAL is one stream) and, when
 * pg_stat_statements is loaded, statements run. Read before and after a scenario; the
 * difference is its work. Counters reach pg_stat_database late: see {@link StatisticsFlush}.
 *
 * @param statements null when pg_stat_statements is not available
 */
record DatabaseCounters(long commits, long inserted, long updated, long deleted, long walBytes, Long statements) {

    /**
     * Whether statements can be counted: pg_stat_statements only works when the server preloads
     * it ({@code shared_preload_libraries}), which creating the extension does not tell.
     */
    static boolean statementsAvailable(JdbcClient jdbc) {
        try {
            jdbc.sql("create extension if not exists pg_stat_statements").update();
            jdbc.sql("select count(*) from pg_stat_statements").query(Long.class).single();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static DatabaseCounters read(JdbcClient jdbc, boolean statements) {
        DatabaseCounters counters = jdbc.sql("""
                        select xact_commit, tup_inserted, tup_updated, tup_deleted,
                               pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint
                        from pg_stat_database where datname = current_database()""")
                .query((rs, n) -> new DatabaseCounters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), null))
                .single();
        if (!statements) {
            return counters;
        }
        long calls = jdbc.sql("""
                        select coalesce(sum(calls), 0)::bigint from pg_stat_statements
                        where dbid = (select oid from pg_database where datname = current_database())""")
                .query(Long.class).single();
        return new DatabaseCounters(counters.commits, counters.inserted, counters.updated, counters.deleted, counters.walBytes, calls);
    }

    DatabaseCounters minus(DatabaseCounters before) {
        return new DatabaseCounters(commits - before.commits, inserted - before.inserted, updated - before.updated,
                deleted - before.deleted, walBytes - before.walBytes,
                statements == null || before.statements == null ? null : statements - before.statements);
    }

    long rowsWritten() {
        return inserted + updated + deleted;
    }
}
