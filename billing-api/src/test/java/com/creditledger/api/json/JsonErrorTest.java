package com.creditledger.api.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Every kind of failure Jackson reports becomes a field and a plain message, with nothing of Jackson's text. */
class JsonErrorTest {

    record Body(String id, Long credits, Integer percent, Instant at, Map<String, Long> params, List<Item> items) {
    }

    record Item(Long credits) {
    }

    record Strict(String name, Long price) {
        Strict {
            if (price != null && price < 0) {
                throw new IllegalArgumentException("'price' must be at least 0, was " + price);
            }
        }
    }

    /** As the service reads requests: unknown fields, guessed types, repeated fields and trailing text are errors. */
    private static final ObjectMapper REQUESTS = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT).disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /** As the price catalog is read: nothing may be left out either. */
    private static final ObjectMapper DOCUMENTS = REQUESTS.copy()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    @ParameterizedTest(name = "[{index}] {0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"credits":99999999999999999999}`        | credits         | `'credits' must be a whole number between 0 and 9223372036854775807`
            `{"credits":-99999999999999999999}`       | credits         | `'credits' must be a whole number between 0 and 9223372036854775807`
            `{"percent":4294967296}`                  | percent         | `'percent' must be a whole number between 0 and 2147483647`
            `{"params":{"actions":99999999999999999999}}` | params.actions | `'params.actions' must be a whole number between 0 and 9223372036854775807`
            `{"items":[{"credits":99999999999999999999}]}` | items.0.credits | `'items.0.credits' must be a whole number between 0 and 9223372036854775807`
            `{"credits":2.5}`                         | credits         | `'credits' must be a whole number`
            `{"credits":"10"}`                        | credits         | `'credits' must be a whole number`
            `{"credits":true}`                        | credits         | `'credits' must be a whole number`
            `{"credits":{}}`                          | credits         | `'credits' must be a whole number`
            `{"id":42}`                               | id              | `'id' must be a string`
            `{"id":["a"]}`                            | id              | `'id' must be a string`
            `{"at":"soon"}`                           | at              | `'at' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z`
            `{"at":"+1000000001-01-01T00:00:00Z"}`    | at              | `'at' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z`
            `{"at":true}`                             | at              | `'at' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z`
            `{"params":[1]}`                          | params          | `'params' must be a JSON object`
            `{"params":{"actions":"one"}}`            | params.actions  | `'params.actions' must be a whole number`
            `{"items":{"credits":1}}`                 | items           | `'items' must be an array`
            `{"items":[7]}`                           | items.0         | `'items.0' must be a JSON object`
            `{"items":[{"credit":1}]}`                | items.0.credit  | `'items.0.credit' is not a known field (expected credits)`
            `{"extra":1}`                             | extra           | `'extra' is not a known field (expected at, credits, id, items, params, percent)`
            `[]`                                      |                 | `the body must be a JSON object`
            `"text"`                                  |                 | `the body must be a JSON object`
            `{"id":`                                  |                 | `the body is not JSON: it ends too early (line 1, column 7)`
            `{"id":"a"]`                              |                 | `the body is not JSON: unexpected input (line 1, column 10)`
            `{id:"a"}`                                |                 | `the body is not JSON: unexpected input (line 1, column 2)`
            `{"credits":tru}`                         |                 | `the body is not JSON: unexpected input (line 1, column 15)`
            `{"credits":01}`                          |                 | `the body is not JSON: unexpected input (line 1, column 13)`
            `{"credits":NaN}`                         |                 | `the body is not JSON: unexpected input (line 1, column 15)`
            `{"id":"a"} {}`                           |                 | `the body goes on after its JSON value (line 1, column 12)`
            `{"id":"a"}}`                             |                 | `the body is not JSON: unexpected input (line 1, column 11)`
            `{"id":"a\\u0000","id":"a"}`               | id              | `'id' is given more than once`
            `{"params":{"actions":1,"actions":2}}`    | params.actions  | `'params.actions' is given more than once`
            `{"items":[{"credits":1},{"credits":1,"credits":2}]}` | items.1.credits | `'items.1.credits' is given more than once`
            """)
    void a_request_body(String json, String field, String message) {
        assertThat(JsonError.of(failure(REQUESTS, json, Body.class), "the body")).isEqualTo(new JsonError(field, message));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"price":1}`                             | name            | `'name' is required`
            `{"name":null,"price":1}`                 | name            | `'name' is required`
            `{"name":"a","price":-1}`                 |                 | `'price' must be at least 0, was -1`
            `{"name":"a","price":1} {}`               |                 | `the document goes on after its JSON value (line 1, column 24)`
            """)
    void a_strict_document(String json, String field, String message) {
        assertThat(JsonError.of(failure(DOCUMENTS, json, Strict.class), "the document")).isEqualTo(new JsonError(field, message));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"id":"\u0000"}`
            `\u0000`
            `{"id":"a\\x"}`
            """)
    void garbage_is_not_json(String json) {
        assertThat(JsonError.of(failure(REQUESTS, json, Body.class), "the body").message()).startsWith("the body is not JSON: unexpected input");
    }

    /** A typed body fails on its shape long before; a tree, as the Kafka reader reads, reaches the limit. */
    @Test
    void a_document_nested_too_deeply() {
        JsonError error = JsonError.of(catchThrowable(() -> REQUESTS.readTree("{\"a\":" + "[".repeat(2000))), "the value");
        assertThat(error).isEqualTo(new JsonError(null,
                "the value is nested too deeply, or holds a number, name or text too long to read"));
    }

    private static Throwable failure(ObjectMapper mapper, String json, Class<?> type) {
        Throwable failure = catchThrowable(() -> mapper.readValue(json, type));
        assertThat(failure).as("reading %s", json).isNotNull();
        return failure;
    }
}
