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
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The broker in a JVM of its own, as in production, so that its CPU can be told from the
 * service's: {@link KafkaBrokerMain} on this JVM's java binary and class path. Its output goes to
 * stderr prefixed {@code [broker]}. It is stopped on {@link #close()}, by a shutdown hook if the
 * harness is stopped, and by itself when the harness dies (its standard input ends).
 */
final class BrokerProcess implements Broker {

    private static final long START_TIMEOUT_SECONDS = 180;

    private final Process process;
    private final String bootstrap;
    private final Thread shutdownHook;

    private BrokerProcess(Process process, String bootstrap, Thread shutdownHook) {
        this.process = process;
        this.bootstrap = bootstrap;
        this.shutdownHook = shutdownHook;
    }

    static BrokerProcess start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath());
        command.add(KafkaBrokerMain.class.getName());
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the broker's JVM", e);
        }
        Thread shutdownHook = new Thread(() -> stop(process), "harness-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> forward(process, ready), "harness-broker-output");
        output.setDaemon(true);
        output.start();
        try {
            String bootstrap = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            System.err.printf("broker: own process %d at %s%n", process.pid(), bootstrap);
            return new BrokerProcess(process, bootstrap, shutdownHook);
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the broker's JVM did not get ready within " + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    @Override
    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
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

    /** Closing its input asks it to stop (it deletes its log directories on the way); a broker that hangs is killed. */
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

    private static void forward(Process process, CompletableFuture<String> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!ready.isDone() && line.startsWith(KafkaBrokerMain.READY)) {
                    ready.complete(line.substring(KafkaBrokerMain.READY.length()));
                } else {
                    System.err.println("[broker] " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        ready.completeExceptionally(new IllegalStateException("the broker's JVM ended (exit " + exitValue(process) + ")"));
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
        if (BrokerProcess.class.getClassLoader() instanceof URLClassLoader loader) {
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
