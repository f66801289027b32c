package com.creditledger.pricing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    private final String version;
    private final Map<String, Tool> tools;
    private final List<String> toolOrder;

    public PriceCatalog(String version, List<Tool> tools) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a price catalog needs a version");
        }
        this.version = version;
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

    public static PriceCatalog read(InputStream json) throws IOException {
        Document document = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .readValue(json, Document.class);
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
