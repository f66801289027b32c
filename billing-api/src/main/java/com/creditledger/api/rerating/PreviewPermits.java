package com.creditledger.api.rerating;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.concurrent.Semaphore;

/**
 * How many re-rating previews may run at once. Each holds a database connection for as long as
 * it reads (minutes, on a large period); unbounded, a few impatient clicks could take the
 * whole pool from the commands.
 */
@Component
public class PreviewPermits {

    private final Semaphore permits;

    public PreviewPermits(@Value("${billing.re-rating.max-concurrent}") int maxConcurrent) {
        this.permits = new Semaphore(maxConcurrent);
    }

    /** A permit if one is free now; never waits. */
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    public void release() {
        permits.release();
    }
}
