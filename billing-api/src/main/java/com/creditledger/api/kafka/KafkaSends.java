package com.creditledger.api.kafka;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting until Kafka has acknowledged a group of sends, for whatever must not go ahead before it has. */
final class KafkaSends {

    private KafkaSends() {
    }

    /** Throws, naming {@code what} and what follows ({@code then}), if any send failed or none came back within 30 s. */
    static void awaitAll(List<CompletableFuture<?>> sends, String what, String then) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(what + " could not be published to Kafka; " + then, e);
        }
    }
}
