package com.creditledger.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU of the PostgreSQL server's processes that work for the benchmark, from /proc: the
 * postmaster, its background processes (WAL writer, checkpointer, autovacuum launcher...) and
 * the backends connected to the benchmark's database. Backends of other databases are left out,
 * so builds testing on the same server do not count; a process that ends within a scenario (an
 * autovacuum worker, say) is lost with its CPU.
 */
final class PostgresCpu {

    private final JdbcClient jdbc;
    private final long postmasterPid;

    private PostgresCpu(JdbcClient jdbc, long postmasterPid) {
        this.jdbc = jdbc;
        this.postmasterPid = postmasterPid;
    }

    /**
     * Finds the server through the backend serving this connection: its parent is the postmaster.
     * Empty when that backend is not a local postgres process (a server on another machine or in
     * a container of its own).
     */
    static Optional<PostgresCpu> find(JdbcClient jdbc) {
        long backend = jdbc.sql("select pg_backend_pid()").query(Long.class).single();
        return ProcStat.read(backend)
                .filter(stat -> stat.command().equals("postgres"))
                .flatMap(stat -> ProcStat.read(stat.parentPid()))
                .filter(parent -> parent.command().equals("postgres"))
                .map(postmaster -> new PostgresCpu(jdbc, postmaster.pid()));
    }

    /** CPU nanoseconds so far of each process that counts, by pid. */
    Map<Long, Long> read() {
        List<Long> pids = jdbc.sql("select pid from pg_stat_activity where datname is null or datname = current_database()")
                .query(Long.class).list();
        Map<Long, Long> nanos = new HashMap<>();
        ProcStat.read(postmasterPid).ifPresent(stat -> nanos.put(stat.pid(), stat.cpuNanos()));
        for (long pid : pids) {
            ProcStat.read(pid).filter(stat -> stat.parentPid() == postmasterPid)
                    .ifPresent(stat -> nanos.put(stat.pid(), stat.cpuNanos()));
        }
        return nanos;
    }
}
