package com.creditledger.api.store;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The transactions of reads that may run long: exports, verifications, re-rating previews. */
public final class LongReads {

    /**
     * Reads write nothing, so they cannot leave gaps in the event store: unlike the 10 s given to
     * writes, they get an hour ({@code TIMEOUT_DEFAULT} would mean those 10 s).
     */
    static final int TIMEOUT_SECONDS = 3600;

    private LongReads() {
    }

    public static TransactionTemplate readOnly(PlatformTransactionManager transactions) {
        TransactionTemplate readOnly = new TransactionTemplate(transactions);
        readOnly.setReadOnly(true);
        readOnly.setTimeout(TIMEOUT_SECONDS);
        return readOnly;
    }
}
