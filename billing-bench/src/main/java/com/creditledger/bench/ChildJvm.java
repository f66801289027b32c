package com.creditledger.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A part of the run in a JVM of its own, so that its CPU can be read apart from the harness's:
 * a main class of the harness's class path on this JVM's java binary. It announces that it is
 * ready with a line of its standard output starting with a given prefix; its other output goes
 * to stderr prefixed {@code [name]}. Its main must end the JVM when its standard input ends:
 * that is how {@link #close()} asks it to stop, and how it stops by itself when the harness
 * dies; a shutdown hook closes it when the harness is stopped.
 */
final class ChildJvm implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 180;

    private final Process process;
    private final String ready;
    private final Thread shutdownHook;

    private ChildJvm(Process process, String ready, Thread shutdownHook) {
        this.process = process;
        this.ready = ready;
        this.shutdownHook = shutdownHook;
    }

    /** Starts {@code main} and waits until it prints its ready line. */
    static ChildJvm start(String name, Class<?> main, List<String> args, String readyPrefix) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath());
        command.add(main.getName());
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the JVM of the " + name, e);
        }
        Thread shutdownHook = new Thread(() -> stop(process), "harness-stop-" + name.replace(' ', '-'));
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> forward(name, process, readyPrefix, ready), "harness-output-" + name.replace(' ', '-'));
        output.setDaemon(true);
        output.start();
        try {
            return new ChildJvm(process, ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS), shutdownHook);
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the JVM of the " + name + " did not get ready within " + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** What followed the prefix on the ready line. */
    String ready() {
        return ready;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs (or ran) anyway
        }
    }

    /** Closing its input asks it to stop; one that hangs is killed. */
    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void forward(String name, Process process, String readyPrefix, CompletableFuture<String> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!ready.isDone() && line.startsWith(readyPrefix)) {
                    ready.complete(line.substring(readyPrefix.length()));
                } else {
                    System.err.println("[" + name + "] " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("the JVM of the " + name + " ended (exit " + exitValue(process) + ")"));
    }

    private static String exitValue(Process process) {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * The harness's class path: that of the class loader that loaded it when it is a URL class
     * loader (Maven's exec:java runs the harness in one, with Maven's own path in
     * java.class.path), otherwise java.class.path.
     */
    private static String classPath() {
        if (ChildJvm.class.getClassLoader() instanceof URLClassLoader loader) {
            List<String> entries = new ArrayList<>();
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("not a file on the class path: " + url, e);
                }
            }
            return String.join(File.pathSeparator, entries);
        }
        return System.getProperty("java.class.path");
    }
}
