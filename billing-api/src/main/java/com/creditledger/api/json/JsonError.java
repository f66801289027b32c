package com.creditledger.api.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What is wrong with a JSON document, in the service's words: the field at fault, as a dotted
 * path such as {@code thresholds.0.credits} (null when it is the document as a whole), and a
 * message that names it and says what it must be. Jackson's own messages name its classes and
 * features, which mean nothing to a caller, so none of their text is passed on.
 */
public record JsonError(String field, String message) {

    /** Jackson tells these apart from other failures only in its message; it is matched, never shown. */
    private static final Pattern CREATOR_PROPERTY = Pattern.compile("^(?:Missing|Null value for) creator property '([^']*)'");
    private static final Pattern TRAILING_TOKEN = Pattern.compile("^Trailing token");
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '([^']*)'");

    public JsonError {
        field = field == null || field.isEmpty() ? null : field;
    }

    /**
     * @param document what the document is to the reader, e.g. "the request body"
     */
    public static JsonError of(Throwable failure, String document) {
        if (failure instanceof JsonMappingException e) {
            return ofMapping(e, path(e), document);
        }
        if (failure instanceof InputCoercionException e) {
            // a number too large for a container's element: the container does not add the path, the parser knows it
            String name = currentName(e);
            return name == null ? new JsonError(null, document + " holds a number out of range" + at(e)) : outOfRange(name, e);
        }
        if (failure instanceof StreamConstraintsException e) {
            return new JsonError(null, document + " is nested too deeply, or holds a number, name or text too long to read" + at(e));
        }
        if (failure instanceof JsonEOFException e) {
            return new JsonError(null, document + " is not JSON: it ends too early" + at(e));
        }
        String twice = failure instanceof StreamReadException e ? givenTwice(e) : null;
        if (twice != null) {
            return new JsonError(twice, "'" + twice + "' is given more than once");
        }
        if (failure instanceof JsonProcessingException e) {
            return new JsonError(null, document + " is not JSON: unexpected input" + at(e));
        }
        return new JsonError(null, document + " could not be read as JSON text");
    }

    private static JsonError ofMapping(JsonMappingException e, String field, String document) {
        Throwable cause = e.getCause();
        if (cause instanceof InputCoercionException coercion) {
            String name = currentName(coercion);
            return outOfRange(name == null ? field : within(field, name), coercion);
        }
        if (cause instanceof JsonProcessingException && !(cause instanceof JsonMappingException)) {
            // a syntax error met while binding a field: it is the document's
            return of(cause, document);
        }
        String subject = field.isEmpty() ? document : "'" + field + "'";
        String original = String.valueOf(e.getOriginalMessage());
        Matcher creatorProperty = CREATOR_PROPERTY.matcher(original);
        if (e instanceof PropertyBindingException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", ", " (expected ", ")"));
            return new JsonError(field, subject + " is not a known field" + known);
        }
        if (e instanceof InvalidNullException) {
            return new JsonError(field, subject + " cannot be null");
        }
        if (e instanceof InvalidTypeIdException) {
            return new JsonError(field, subject + " has a missing or unknown type");
        }
        if (e instanceof MismatchedInputException && creatorProperty.find()) {
            String missing = within(field, creatorProperty.group(1));
            return new JsonError(missing, "'" + missing + "' is required");
        }
        if (e instanceof MismatchedInputException && TRAILING_TOKEN.matcher(original).find()) {
            return new JsonError(null, document + " goes on after its JSON value" + at(e));
        }
        if (e instanceof MismatchedInputException mismatch) {
            return new JsonError(field, subject + " " + expected(mismatch.getTargetType()));
        }
        if (e instanceof ValueInstantiationException && cause instanceof IllegalArgumentException own) {
            // the check of one of our own constructors: its message is written for people
            return new JsonError(field, own.getMessage());
        }
        return new JsonError(field, subject + " is invalid");
    }

    private static JsonError outOfRange(String field, InputCoercionException e) {
        Class<?> type = e.getTargetType();
        // every number the service reads is a count of something: never negative, and bounded by its Java type
        String range = type == Long.class || type == long.class ? "must be a whole number between 0 and " + Long.MAX_VALUE
                : type == Integer.class || type == int.class ? "must be a whole number between 0 and " + Integer.MAX_VALUE
                : "is out of range";
        return new JsonError(field, "'" + field + "' " + range);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == Long.class || type == long.class || type == Integer.class || type == int.class || type == Short.class
                || type == short.class || type == BigInteger.class) {
            return "must be a whole number";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class || type == BigDecimal.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == Instant.class) {
            return "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "must be an ISO-8601 date or time";
        }
        if (type.isEnum()) {
            return "is not one of the values allowed here";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "must be a JSON object";
        }
        return "has the wrong type";
    }

    private static String currentName(InputCoercionException e) {
        JsonParser parser = e.getProcessor();
        try {
            return parser == null ? null : parser.currentName();
        } catch (IOException closed) {
            return null;
        }
    }

    /** The field a parser met twice, if that is why it stopped. */
    private static String givenTwice(StreamReadException e) {
        Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
        return duplicate.find() ? within(objectPath(e.getProcessor()), duplicate.group(1)) : null;
    }

    /** Where the object being read sits, as a dotted path: its parent's path, as the parser read it. */
    private static String objectPath(JsonParser parser) {
        if (parser == null || parser.getParsingContext() == null || parser.getParsingContext().getParent() == null) {
            return "";
        }
        return parser.getParsingContext().getParent().pathAsPointer().toString().replaceFirst("^/", "").replace('/', '.');
    }

    /** Fields by name, list elements by index: {@code thresholds.0.credits}. */
    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName() : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }

    /** The field {@code name} at {@code path}, which may or may not name it already. */
    private static String within(String path, String name) {
        if (path.equals(name) || path.endsWith("." + name)) {
            return path;
        }
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String at(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
