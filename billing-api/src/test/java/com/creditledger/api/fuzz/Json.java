package com.creditledger.api.fuzz;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** JSON text written by hand, so that a generated value may be anything, broken JSON included. */
final class Json {

    private Json() {
    }

    /**
     * A JSON string. Quotes, backslashes, control characters and surrogates are escaped (a lone
     * surrogate would not survive encoding as UTF-8); every other character is sent as it is.
     */
    static String string(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** An object of raw JSON values, in the given order. */
    static String object(Map<String, String> fields) {
        return fields.entrySet().stream().map(field -> string(field.getKey()) + ":" + field.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    static Map<String, String> fields(Object... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], (String) namesAndValues[i + 1]);
        }
        return fields;
    }
}
