package com.creditledger.api.rerating;

import com.creditledger.api.json.JsonError;
import com.creditledger.pricing.PriceCatalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/** A candidate price catalog as someone wrote it, read strictly, with what is wrong said plainly. */
final class CandidateCatalog {

    private CandidateCatalog() {
    }

    /** @throws Invalid naming the JSON path at fault where there is one */
    static PriceCatalog read(byte[] document) {
        try {
            return PriceCatalog.read(new ByteArrayInputStream(document));
        } catch (IOException e) {
            JsonError error = JsonError.of(e, "the document");
            throw new Invalid(error.field(), error.message());
        } catch (IllegalArgumentException e) {
            throw new Invalid(null, e.getMessage());
        }
    }

    static final class Invalid extends RuntimeException {
        final String path;

        Invalid(String path, String message) {
            super("not a price catalog: " + message, null, false, false);
            this.path = path;
        }
    }
}
