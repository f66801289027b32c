package com.creditledger.pricing;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prices, as versioned data. A charge records the version that priced it, so prices can
 * change without rewriting history, and a candidate catalog in the same format can be tried
 * against past charges.
 */
public final class PriceCatalog {

    private static final String STANDARD = "/pricing/catalog.json";

    /**
     * Candidate catalogs come from people, so nothing is guessed: a missing or null field, a
     * fraction, a number in quotes, a repeated key or trailing text is an error rather than a
     * price of 0 or a silently truncated one.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                    DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String version;
    private final Map<String, Tool> tools;
    private final List<String> toolOrder;

    public PriceCatalog(String version, List<Tool> tools) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a price catalog needs a version");
        }
        this.version = version;
        if (tools == null || tools.contains(null)) {
            throw new IllegalArgumentException("a price catalog needs a list of tools");
        }
        Map<String, Tool> byId = new LinkedHashMap<>();
        for (Tool tool : tools) {
            if (byId.put(tool.id(), tool) != null) {
                throw new IllegalArgumentException("tool '" + tool.id() + "' is listed twice");
            }
        }
        this.tools = Map.copyOf(byId);
        this.toolOrder = List.copyOf(byId.keySet());
    }

    /** The catalog of the product's pricing page, shipped with the service. */
    public static PriceCatalog standard() {
        try (InputStream in = PriceCatalog.class.getResourceAsStream(STANDARD)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @throws IOException              when the document is not JSON or not in the catalog's format
     * @throws IllegalArgumentException when it is, but lists a tool twice
     */
    public static PriceCatalog read(InputStream json) throws IOException {
        Document document = STRICT.readValue(json, Document.class);
        return new PriceCatalog(document.version(), document.tools());
    }

    /**
     * @throws UnknownToolException   when the tool is not in this catalog
     * @throws InvalidParamsException when the parameters do not fit the tool's price rule
     */
    public Quote quote(String toolId, Map<String, Long> params) {
        Tool tool = tools.get(toolId);
        if (tool == null) {
            throw new UnknownToolException(toolId, version);
        }
        return new Quote(tool.id(), tool.toolkit(), tool.price().price(params), version);
    }

    public String version() {
        return version;
    }

    public List<Tool> tools() {
        return toolOrder.stream().map(tools::get).toList();
    }

    private record Document(String version, List<Tool> tools) {
    }
}
