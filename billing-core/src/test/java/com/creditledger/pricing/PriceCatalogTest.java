package com.creditledger.pricing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every number of shared/pricing.md, reproduced through the shipped catalog. */
class PriceCatalogTest {

    final PriceCatalog catalog = PriceCatalog.standard();

    @ParameterizedTest(name = "{0} costs {2} ({1})")
    @CsvSource({
            "text-to-motion, motion, 5",
            "motion-edit, motion, 5",
            "motion-stitch, motion, 5",
            "trajectory-control, motion, 5",
            "text-to-environment-map, environment, 20",
            "image-to-environment-map, environment, 25",
            "environment-map-to-world, environment, 80",
            "image-to-3d-mesh, mesh, 25",
            "texture-to-material, material, 20",
    })
    void fixed_and_per_action_prices_match_the_pricing_page(String tool, String toolkit, long credits) {
        Map<String, Long> params = tool.equals("text-to-motion") ? Map.of("actions", 1L) : Map.of();
        Quote quote = catalog.quote(tool, params);
        assertThat(quote.credits()).isEqualTo(Credits.of(credits));
        assertThat(quote.toolkit().id()).isEqualTo(toolkit);
        assertThat(quote.catalogVersion()).isEqualTo("2026-11-01");
    }

    @ParameterizedTest(name = "text-to-motion x {0} = {1}")
    @CsvSource({"1, 5", "2, 10", "7, 35", "10000, 50000"})
    void text_to_motion_is_priced_per_action(long actions, long credits) {
        assertThat(catalog.quote("text-to-motion", Map.of("actions", actions)).credits()).isEqualTo(Credits.of(credits));
    }

    @ParameterizedTest(name = "text-to-material {0}x{1} at {2}x = {3}")
    @CsvSource({
            "512, 512, 1, 5", "512, 512, 2, 6", "512, 512, 4, 8",
            "1024, 1024, 1, 12", "1024, 1024, 2, 18", "1024, 1024, 4, 24",
            "2048, 2048, 1, 42", "2048, 2048, 2, 66", "2048, 2048, 4, 90",
    })
    void text_to_material_reproduces_the_reference_table(long width, long height, long upscale, long credits) {
        assertThat(material("text-to-material", width, height, upscale)).isEqualTo(credits);
    }

    @ParameterizedTest(name = "image-to-material {0}x{1} at {2}x = {3}")
    @CsvSource({
            "512, 512, 1, 16", "512, 512, 2, 17", "512, 512, 4, 19",
            "1024, 1024, 1, 23", "1024, 1024, 2, 29", "1024, 1024, 4, 35",
            "2048, 2048, 1, 53", "2048, 2048, 2, 77", "2048, 2048, 4, 101",
    })
    void image_to_material_reproduces_the_reference_table(long width, long height, long upscale, long credits) {
        assertThat(material("image-to-material", width, height, upscale)).isEqualTo(credits);
    }

    @ParameterizedTest(name = "{0}x{1} at {2}x rounds to {3}")
    @CsvSource({
            // 2 + 10 * 0.25 = 4.5 exactly: half rounds up
            "512, 512, 1, 5",
            // 2 + 10 * 786432/1048576 = 9.5 exactly: half rounds up
            "1024, 768, 1, 10",
            // 2 + 10 * 1/1048576 = 2.0000095...: rounds down
            "1, 1, 1, 2",
            // 2 + 10*x + 12*x with x = 8192*8192/1048576 = 64: 1410, the largest input
            "8192, 8192, 4, 1410",
            // 2 + 16 * 0.046875 = 2.75 -> 3; 1x would be 2.46875 -> 2
            "256, 192, 2, 3",
            "256, 192, 1, 2",
    })
    void rounding_is_half_up_in_exact_arithmetic(long width, long height, long upscale, long credits) {
        assertThat(material("text-to-material", width, height, upscale)).isEqualTo(credits);
    }

    @Test
    void every_resolution_price_equals_the_exact_rational_formula() {
        for (long width = 1; width <= 8192; width += 97) {
            for (long height = 1; height <= 8192; height += 89) {
                for (long upscale : new long[]{1, 2, 4}) {
                    java.math.BigDecimal mp = java.math.BigDecimal.valueOf(width * height)
                            .divide(java.math.BigDecimal.valueOf(1_048_576));
                    java.math.BigDecimal exact = java.math.BigDecimal.valueOf(2)
                            .add(mp.multiply(java.math.BigDecimal.TEN))
                            .add(upscale == 1 ? java.math.BigDecimal.ZERO : mp.multiply(java.math.BigDecimal.valueOf(3 * upscale)));
                    long expected = exact.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
                    assertThat(material("text-to-material", width, height, upscale)).as("%dx%d at %dx", width, height, upscale)
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void an_unknown_tool_is_refused() {
        assertThatThrownBy(() -> catalog.quote("text-to-song", Map.of()))
                .isInstanceOf(UnknownToolException.class).hasMessageContaining("text-to-song");
    }

    @ParameterizedTest(name = "{0} {1} -> field {2}")
    @CsvSource({
            "text-to-material, 'width=0,height=512,upscale=1', width",
            "text-to-material, 'width=8193,height=512,upscale=1', width",
            "text-to-material, 'width=512,height=-1,upscale=1', height",
            "text-to-material, 'width=512,height=512,upscale=3', upscale",
            "text-to-material, 'width=512,height=512', upscale",
            "image-to-material, 'height=512,upscale=1', width",
            "image-to-material, 'width=512,height=512,upscale=1,actions=2', actions",
            "text-to-motion, '', actions",
            "text-to-motion, 'actions=0', actions",
            "text-to-motion, 'actions=10001', actions",
            "motion-edit, 'actions=1', actions",
    })
    void invalid_parameters_name_the_field(String tool, String params, String field) {
        assertThatThrownBy(() -> catalog.quote(tool, parse(params)))
                .isInstanceOfSatisfying(InvalidParamsException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void a_candidate_catalog_in_the_same_format_prices_with_its_own_version() throws Exception {
        String json = """
                {"version": "2027-01-01", "tools": [
                  {"id": "motion-edit", "name": "Motion Edit", "toolkit": "motion", "price": {"type": "fixed", "credits": 7}}]}
                """;
        PriceCatalog candidate = PriceCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(candidate.quote("motion-edit", Map.of())).isEqualTo(new Quote("motion-edit", Toolkit.MOTION, Credits.of(7), "2027-01-01"));
        assertThat(catalog.tools()).hasSize(11);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no price credits      | {\"type\": \"fixed\"}",
            "null price credits    | {\"type\": \"fixed\", \"credits\": null}",
            "fractional credits    | {\"type\": \"fixed\", \"credits\": 5.5}",
            "credits in quotes     | {\"type\": \"fixed\", \"credits\": \"5\"}",
            "negative credits      | {\"type\": \"fixed\", \"credits\": -5}",
            "credits twice         | {\"type\": \"fixed\", \"credits\": 5, \"credits\": 7}",
            "unknown field         | {\"type\": \"fixed\", \"credits\": 5, \"discount\": 1}",
            "unknown price type    | {\"type\": \"tiered\", \"credits\": 5}",
            "no max actions        | {\"type\": \"per-action\", \"credits\": 5}",
            "zero max side         | {\"type\": \"resolution\", \"base\": 2, \"perMegapixel\": 10, \"perUpscaledMegapixel\": 3, \"maxSide\": 0}",
            "negative resolution   | {\"type\": \"resolution\", \"base\": -2, \"perMegapixel\": 10, \"perUpscaledMegapixel\": 3, \"maxSide\": 8192}",
            "no price              | null",
    })
    void a_catalog_that_would_price_by_guessing_is_refused(String what, String price) {
        String json = """
                {"version": "2027-01-01", "tools": [
                  {"id": "motion-edit", "name": "Motion Edit", "toolkit": "motion", "price": %s}]}
                """.formatted(price);
        assertThatThrownBy(() -> PriceCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .as(what).isInstanceOfAny(java.io.IOException.class, IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "trailing text    | {\"version\": \"v\", \"tools\": []} x",
            "no tools         | {\"version\": \"v\"}",
            "a null tool      | {\"version\": \"v\", \"tools\": [null]}",
            "no toolkit       | {\"version\": \"v\", \"tools\": [{\"id\": \"a\", \"name\": \"A\", \"price\": {\"type\": \"fixed\", \"credits\": 1}}]}",
            "unknown toolkit  | {\"version\": \"v\", \"tools\": [{\"id\": \"a\", \"name\": \"A\", \"toolkit\": \"audio\", \"price\": {\"type\": \"fixed\", \"credits\": 1}}]}",
            "blank id         | {\"version\": \"v\", \"tools\": [{\"id\": \" \", \"name\": \"A\", \"toolkit\": \"mesh\", \"price\": {\"type\": \"fixed\", \"credits\": 1}}]}",
            "a tool twice     | {\"version\": \"v\", \"tools\": [{\"id\": \"a\", \"name\": \"A\", \"toolkit\": \"mesh\", \"price\": {\"type\": \"fixed\", \"credits\": 1}}, {\"id\": \"a\", \"name\": \"A\", \"toolkit\": \"mesh\", \"price\": {\"type\": \"fixed\", \"credits\": 2}}]}",
            "blank version    | {\"version\": \"\", \"tools\": []}",
    })
    void a_malformed_catalog_document_is_refused(String what, String json) {
        assertThatThrownBy(() -> PriceCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))))
                .as(what).isInstanceOfAny(java.io.IOException.class, IllegalArgumentException.class);
    }

    private long material(String tool, long width, long height, long upscale) {
        return catalog.quote(tool, Map.of("width", width, "height", height, "upscale", upscale)).credits().amount();
    }

    private static Map<String, Long> parse(String params) {
        Map<String, Long> parsed = new HashMap<>();
        if (!params.isBlank()) {
            for (String pair : params.split(",")) {
                String[] kv = pair.split("=");
                parsed.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return parsed;
    }
}
