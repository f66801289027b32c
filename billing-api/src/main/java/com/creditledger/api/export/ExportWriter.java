package com.creditledger.api.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes rows of named columns one at a time, as CSV (RFC 4180 quoting) or NDJSON, so an export
 * of any length passes through in constant memory. A value that is not text or a number (usage
 * parameters) is a JSON value: nested in NDJSON, JSON text in a CSV cell.
 */
final class ExportWriter {

    private final ExportFormat format;
    private final OutputStream out;
    private final ObjectMapper json;
    private final List<String> columns;

    ExportWriter(ExportFormat format, OutputStream out, ObjectMapper json, List<String> columns) throws IOException {
        this.format = format;
        this.out = out;
        this.json = json;
        this.columns = columns;
        if (format == ExportFormat.CSV) {
            line(String.join(",", columns));
        }
    }

    void row(Object... values) {
        try {
            if (format == ExportFormat.CSV) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < values.length; i++) {
                    line.append(i == 0 ? "" : ",").append(cell(values[i]));
                }
                line(line.toString());
                return;
            }
            JsonGenerator generator = json.getFactory().createGenerator(out);
            generator.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null) {
                    generator.writeFieldName(columns.get(i));
                    json.writeValue(generator, values[i]);
                }
            }
            generator.writeEndObject();
            generator.writeRaw('\n');
            generator.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String cell(Object value) throws IOException {
        if (value == null) {
            return "";
        }
        String text = value instanceof CharSequence || value instanceof Number || value instanceof java.time.Instant
                ? value.toString() : json.writeValueAsString(value);
        boolean quoted = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return quoted ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    private void line(String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
