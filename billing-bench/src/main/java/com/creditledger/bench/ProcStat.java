package com.creditledger.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The fields of {@code /proc/<pid>/stat} the harness needs: who the process is, its parent, and
 * the CPU it has used (utime + stime, in clock ticks). Linux only: elsewhere nothing is found.
 */
record ProcStat(long pid, String command, long parentPid, long cpuTicks) {

    static final long TICKS_PER_SECOND = ticksPerSecond();

    /** Empty when the process is gone (or not on this machine, or not Linux). */
    static Optional<ProcStat> read(long pid) {
        try {
            return Optional.of(parse(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The command is in parentheses and may itself hold spaces and parentheses, so the fields are
     * counted from the last ')'. After it: state, ppid, ... utime is field 14 and stime 15 of the
     * whole line.
     */
    static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        String[] fields = line.substring(close + 2).trim().split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return new ProcStat(Long.parseLong(line.substring(0, open).trim()), line.substring(open + 1, close),
                Long.parseLong(fields[1]), utime + stime);
    }

    long cpuNanos() {
        return cpuTicks * 1_000_000_000L / TICKS_PER_SECOND;
    }

    /** {@code getconf CLK_TCK}; 100 (the value of every common Linux build) if it cannot be asked. */
    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            try (InputStream out = getconf.getInputStream()) {
                String answer = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                    return Long.parseLong(answer);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no getconf: fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
