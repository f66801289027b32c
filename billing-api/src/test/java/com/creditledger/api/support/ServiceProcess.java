package com.creditledger.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The service (or a variant of it) as a process of its own, on the test's classpath, that a test
 * can kill outright: no shutdown hook, no graceful stop, as a crash or an OOM kill would.
 */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(Class<?> main, String... args) {
        try {
            Path log = Files.createTempFile(main.getSimpleName(), ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), main.getName()));
            command.addAll(List.of(args));
            return new ServiceProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop of Ctrl+C or an orchestrator. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    /** Where its output went, for a failure message. */
    public Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
