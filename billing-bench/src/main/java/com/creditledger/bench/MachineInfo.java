package com.creditledger.bench;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facts a reader needs to judge a benchmark figure: the hardware, the JVM, and the PostgreSQL
 * settings that decide what a commit costs (synchronous_commit and fsync above all). A number
 * without these is not comparable with anyone else's.
 */
public final class MachineInfo {

    /** Settings that change commit cost or concurrency limits; fixed names, so SHOW needs no escaping. */
    private static final List<String> POSTGRES_SETTINGS =
            List.of("synchronous_commit", "fsync", "shared_buffers", "wal_level", "max_connections");

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    private MachineInfo() {
    }

    /**
     * Collects everything in a stable order (a LinkedHashMap, so the report reads the same each time).
     * The database part is skipped when {@code dataSource} is null; if it cannot be read, the error is
     * recorded instead of failing the benchmark, since these facts describe the run rather than make it.
     */
    public static Map<String, Object> collect(DataSource dataSource) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("cores", Runtime.getRuntime().availableProcessors());
        putMemory(info);
        info.put("os.name", System.getProperty("os.name"));
        info.put("os.version", System.getProperty("os.version"));
        info.put("os.arch", System.getProperty("os.arch"));
        info.put("java.version", System.getProperty("java.version"));
        info.put("java.vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        info.put("jvm.maxHeapBytes", Runtime.getRuntime().maxMemory());
        if (dataSource != null) {
            putPostgres(info, dataSource);
        }
        return info;
    }

    /** Physical memory from /proc/meminfo; off Linux only the JVM's heap ceiling is known, and it says so. */
    private static void putMemory(Map<String, Object> info) {
        Long bytes = memTotalBytes();
        if (bytes != null) {
            info.put("memory.totalBytes", bytes);
            info.put("memory.source", "/proc/meminfo MemTotal");
        } else {
            info.put("memory.totalBytes", Runtime.getRuntime().maxMemory());
            info.put("memory.source", "Runtime.maxMemory (JVM heap limit, /proc/meminfo unavailable)");
        }
    }

    /** Parses the line "MemTotal:  16318412 kB"; null when the file is missing or unexpected. */
    static Long memTotalBytes() {
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemTotal:")) {
                    String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
                    long kib = Long.parseLong(parts[0]);
                    return kib * 1024; // /proc/meminfo says "kB" but means KiB
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or an unreadable format: the caller falls back.
        }
        return null;
    }

    private static void putPostgres(Map<String, Object> info, DataSource dataSource) {
        try (Connection con = dataSource.getConnection(); Statement st = con.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT version()")) {
                rs.next();
                info.put("postgres.version", rs.getString(1));
            }
            for (String setting : POSTGRES_SETTINGS) {
                try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
                    rs.next();
                    info.put("postgres." + setting, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            info.put("postgres.error", e.getMessage());
        }
    }
}
