package com.creditledger.api.audit;

import com.creditledger.api.audit.AccountAudit.StoredEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Writes stored events as JSON (one array), NDJSON (one object a line) or CSV, one event at a
 * time. The payload is written as stored: auditors see exactly the bytes that were hashed.
 */
final class EventExport implements AutoCloseable {

    enum Format {
        JSON("application/json"), NDJSON("application/x-ndjson"), CSV("text/csv");

        final String mediaType;

        Format(String mediaType) {
            this.mediaType = mediaType;
        }

        static Format of(String format, String accept) {
            if (format != null && !format.isBlank()) {
                return valueOf(format.toUpperCase(Locale.ROOT));
            }
            if (accept != null && accept.contains("ndjson")) {
                return NDJSON;
            }
            if (accept != null && accept.contains("text/csv")) {
                return CSV;
            }
            return JSON;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private final Format format;
    private final OutputStream out;
    private final JsonGenerator json;

    EventExport(Format format, OutputStream out) throws IOException {
        this.format = format;
        this.out = out;
        this.json = JSON.createGenerator(out);
        json.setRootValueSeparator(null);
        if (format == Format.JSON) {
            json.writeStartArray();
        } else if (format == Format.CSV) {
            out.write("global_position,sequence_number,timestamp,event_id,event_type,payload\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    void write(StoredEvent event) {
        try {
            String payload = new String(event.payload(), StandardCharsets.UTF_8);
            String type = event.payloadType().substring(event.payloadType().lastIndexOf('$') + 1);
            if (format == Format.CSV) {
                String line = event.globalIndex() + "," + event.sequenceNumber() + "," + event.timestamp() + ","
                        + event.eventIdentifier() + "," + type + ",\"" + payload.replace("\"", "\"\"") + "\"\n";
                json.flush();
                out.write(line.getBytes(StandardCharsets.UTF_8));
                return;
            }
            json.writeStartObject();
            json.writeNumberField("globalPosition", event.globalIndex());
            json.writeNumberField("sequenceNumber", event.sequenceNumber());
            json.writeStringField("timestamp", event.timestamp());
            json.writeStringField("eventId", event.eventIdentifier());
            json.writeStringField("type", type);
            json.writeFieldName("payload");
            json.writeRawValue(payload);
            json.writeEndObject();
            if (format == Format.NDJSON) {
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (format == Format.JSON) {
            json.writeEndArray();
        }
        json.flush();
    }
}
