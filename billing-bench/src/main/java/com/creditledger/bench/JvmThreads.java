package com.creditledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CPU of this JVM's threads by kind, from {@code /proc/self/task}: where the service's CPU
 * goes (command consumers, event processors, JIT compilers, GC...) without a profiler. Threads of
 * one kind differ only by numbers in their names, which are folded into {@code #}; Linux keeps
 * the first 15 characters of a name. Empty where there is no /proc.
 */
final class JvmThreads {

    private JvmThreads() {
    }

    /** Each live thread's CPU in nanoseconds, keyed by thread id, with its kind. */
    record Reading(Map<Long, String> kinds, Map<Long, Long> nanos) {
    }

    static Reading read() {
        Map<Long, String> kinds = new HashMap<>();
        Map<Long, Long> nanos = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    ProcStat stat = ProcStat.parse(Files.readString(task.resolve("stat")));
                    kinds.put(stat.pid(), stat.command().replaceAll("\\d+", "#"));
                    nanos.put(stat.pid(), stat.cpuNanos());
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read: it takes its CPU with it
                }
            });
        } catch (IOException e) {
            return new Reading(Map.of(), Map.of());
        }
        return new Reading(kinds, nanos);
    }

    /** The JIT compilers' threads (C1 and C2, "C1 CompilerThread0"... folded and cut to 15 characters). */
    static long jitNanos(Map<String, Long> byKind) {
        return byKind.entrySet().stream().filter(kind -> kind.getKey().startsWith("C# CompilerThre"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The kinds that used CPU, the most first. */
    static List<Map.Entry<String, Long>> byCost(Map<String, Long> byKind) {
        return byKind.entrySet().stream().filter(kind -> kind.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList();
    }

    /** The CPU each kind of thread used between two readings (a thread born in between counts whole). */
    static Map<String, Long> growthByKind(Reading before, Reading after) {
        Map<String, Long> byKind = new HashMap<>();
        after.nanos().forEach((tid, nanos) -> {
            long start = before.nanos().getOrDefault(tid, 0L);
            byKind.merge(after.kinds().get(tid), nanos >= start ? nanos - start : nanos, Long::sum);
        });
        return byKind;
    }
}
