package com.creditledger.api.rerating;

import com.creditledger.pricing.PriceCatalog;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.stream.Collectors;

/** A candidate price catalog as someone wrote it, read strictly, with what is wrong said plainly. */
final class CandidateCatalog {

    private CandidateCatalog() {
    }

    /** @throws Invalid naming the JSON path at fault where there is one */
    static PriceCatalog read(byte[] document) {
        try {
            return PriceCatalog.read(new ByteArrayInputStream(document));
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()))
                    .collect(Collectors.joining("."));
            // A rule's own check (a negative price, say) says best what is wrong; Jackson's wrapper names classes.
            String message = e.getCause() instanceof IllegalArgumentException cause ? cause.getMessage() : e.getOriginalMessage();
            throw new Invalid(path.isEmpty() ? null : path, message + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw new Invalid(null, e.getOriginalMessage() + at(e.getLocation()));
        } catch (IOException | IllegalArgumentException e) {
            throw new Invalid(null, e.getMessage());
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    static final class Invalid extends RuntimeException {
        final String path;

        Invalid(String path, String message) {
            super("not a price catalog: " + message, null, false, false);
            this.path = path;
        }
    }
}
