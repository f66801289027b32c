package com.creditledger.bench;

import com.creditledger.api.BillingApplication;

import java.io.IOException;
import java.io.InputStream;

/**
 * An instance of the service in a JVM of its own, started by {@link ServiceInstances}: the
 * service's own main with its arguments, then {@code ready} once it runs. It stops as the
 * service stops on SIGTERM (Spring's shutdown hook closes the context: its consumers leave the
 * group, its processors release their segments) when its standard input ends: the harness
 * closes it, or the harness died. The service's main alone would outlive a killed harness.
 */
public final class InstanceMain {

    static final String READY = "ready";

    private InstanceMain() {
    }

    public static void main(String[] args) {
        Thread watch = new Thread(InstanceMain::exitWhenInputEnds, "instance-input");
        watch.setDaemon(true);
        watch.start();
        try {
            BillingApplication.main(args);
        } catch (Throwable e) {
            // A context that failed to start may leave threads behind that keep the JVM up, and the
            // harness waiting for a ready line that never comes.
            e.printStackTrace();
            System.exit(1);
        }
        System.out.println(READY);
        System.out.flush();
    }

    private static void exitWhenInputEnds() {
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // nothing is sent: the end of the stream is the signal
            }
        } catch (IOException e) {
            // as good as the end
        }
        System.exit(0);
    }
}
