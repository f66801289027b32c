package com.creditledger.api.rerating;

import com.creditledger.api.rerating.ReRatingLine.AccountTotals;
import com.creditledger.api.rerating.ReRatingLine.Example;
import com.creditledger.api.rerating.ReRatingLine.Summary;
import com.creditledger.api.rerating.ReRatingLine.ToolTotals;
import com.creditledger.api.rerating.ReRatingLine.ToolkitTotals;
import com.creditledger.api.rerating.ReRatingLine.Unpriced;
import com.creditledger.pricing.PriceCatalog;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fold on its own: every figure of a few charges, worked out by hand. */
class ReRatingTest {

    static final Instant FROM = Instant.parse("2033-03-01T00:00:00Z");
    static final Instant TO = Instant.parse("2033-04-01T00:00:00Z");

    // motion-edit 5 -> 7; text-to-motion 5 -> 4 per action and at most 6 actions; text-to-material's
    // perMegapixel 10 -> 12; motion-stitch moves to the mesh toolkit; image-to-3d-mesh is gone.
    static final String CANDIDATE = """
            {"version": "2033-candidate", "tools": [
              {"id": "motion-edit", "name": "Motion Edit", "toolkit": "motion", "price": {"type": "fixed", "credits": 7}},
              {"id": "motion-stitch", "name": "Motion Stitch", "toolkit": "mesh", "price": {"type": "fixed", "credits": 5}},
              {"id": "text-to-motion", "name": "Text to Motion", "toolkit": "motion", "price": {"type": "per-action", "credits": 4, "maxActions": 6}},
              {"id": "text-to-material", "name": "Text to Material", "toolkit": "material",
               "price": {"type": "resolution", "base": 2, "perMegapixel": 12, "perUpscaledMegapixel": 3, "maxSide": 8192}},
              {"id": "huge", "name": "Huge", "toolkit": "mesh", "price": {"type": "per-action", "credits": 4611686018427387904, "maxActions": 10}}
            ]}""";

    final List<AccountTotals> accounts = new ArrayList<>();

    @Test
    void totals_per_tool_toolkit_account_and_overall_match_the_hand_computed_ones() throws IOException {
        ReRating fold = new ReRating(catalog(CANDIDATE), accounts::add);
        fold.add(charge("acc-a", "a1", "motion-edit", Map.of(), 5));                                        // 5 -> 7
        fold.add(charge("acc-a", "a2", "text-to-motion", Map.of("actions", 4L), 20));                       // 20 -> 16
        fold.add(charge("acc-a", "a3", "image-to-3d-mesh", Map.of(), 25));                                  // 25 -> unknown tool
        fold.add(charge("acc-b", "b1", "text-to-motion", Map.of("actions", 8L), 40));                       // 40 -> 8 > 6 actions
        fold.add(charge("acc-b", "b2", "text-to-material", Map.of("width", 1000L, "height", 1000L, "upscale", 1L), 12)); // 11.54 -> 13.44: 12 -> 13
        fold.add(charge("acc-b", "b3", "motion-stitch", Map.of(), 5));                                      // 5 -> 5, in mesh now

        List<ReRatingLine> lines = fold.finish(FROM, TO);

        assertThat(accounts).containsExactly(
                new AccountTotals("acc-a", 3, 50, 23, -27, 1, 25),
                new AccountTotals("acc-b", 3, 57, 18, -39, 1, 40));
        assertThat(lines).filteredOn(ToolTotals.class::isInstance).containsExactly(
                new ToolTotals("image-to-3d-mesh", "mesh", null, 1, 25, 0, -25, 1, 25, Map.of(ReRating.UNKNOWN_TOOL, 1L)),
                new ToolTotals("motion-edit", "motion", null, 1, 5, 7, 2, 0, 0, Map.of()),
                new ToolTotals("motion-stitch", "motion", "mesh", 1, 5, 5, 0, 0, 0, Map.of()),
                new ToolTotals("text-to-material", "material", null, 1, 12, 13, 1, 0, 0, Map.of()),
                new ToolTotals("text-to-motion", "motion", null, 2, 60, 16, -44, 1, 40, Map.of(ReRating.INVALID_PARAMS, 1L)));
        assertThat(lines).filteredOn(ToolkitTotals.class::isInstance).containsExactly(
                new ToolkitTotals("material", 1, 12, 13, 1, 0, 0),
                new ToolkitTotals("mesh", 1, 25, 0, -25, 1, 25),
                new ToolkitTotals("motion", 4, 70, 28, -42, 1, 40));
        assertThat(summary(lines)).isEqualTo(new Summary(List.of("2026-11-01"), "2033-candidate", FROM, TO, 2, 6,
                107, 41, -66, 2, 65, List.of(
                new Unpriced(ReRating.INVALID_PARAMS, 1, 40, new Example("acc-b", "b1", "text-to-motion", Map.of("actions", 8L),
                        "'actions' must be between 1 and 6, was 8")),
                new Unpriced(ReRating.UNKNOWN_TOOL, 1, 25, new Example("acc-a", "a3", "image-to-3d-mesh", Map.of(),
                        "unknown tool 'image-to-3d-mesh' in price catalog 2033-candidate")))));
    }

    @Test
    void the_catalog_that_priced_the_charges_makes_no_difference() {
        ReRating fold = new ReRating(PriceCatalog.standard(), accounts::add);
        fold.add(charge("acc-a", "a1", "image-to-material", Map.of("width", 2048L, "height", 2048L, "upscale", 4L), 101));
        fold.add(charge("acc-a", "a2", "text-to-motion", Map.of("actions", 3L), 15));
        fold.add(charge("acc-b", "b1", "environment-map-to-world", Map.of(), 80));

        Summary summary = summary(fold.finish(FROM, TO));

        assertThat(summary.recordedCredits()).isEqualTo(196);
        assertThat(summary.candidateCredits()).isEqualTo(196);
        assertThat(summary.difference()).isZero();
        assertThat(summary.unpriced()).isZero();
        assertThat(accounts).extracting(AccountTotals::difference).containsExactly(0L, 0L);
    }

    @Test
    void a_price_too_large_for_a_long_is_unpriced_not_wrapped() throws IOException {
        ReRating fold = new ReRating(catalog(CANDIDATE), accounts::add);
        fold.add(charge("acc-a", "a1", "huge", Map.of("actions", 2L), 1));

        Summary summary = summary(fold.finish(FROM, TO));

        assertThat(summary.unpriced()).isEqualTo(1);
        assertThat(summary.unpricedReasons()).extracting(Unpriced::reason).containsExactly(ReRating.PRICE_OVERFLOW);
    }

    @Test
    void totals_that_would_overflow_fail_rather_than_wrap() throws IOException {
        ReRating fold = new ReRating(catalog(CANDIDATE), accounts::add);
        fold.add(charge("acc-a", "a1", "huge", Map.of("actions", 1L), 1));

        assertThatThrownBy(() -> fold.add(charge("acc-a", "a2", "huge", Map.of("actions", 1L), 1)))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void each_account_is_handed_on_once_when_its_last_charge_is_seen() throws IOException {
        ReRating fold = new ReRating(catalog(CANDIDATE), accounts::add);
        fold.add(charge("acc-a", "a1", "motion-edit", Map.of(), 5));
        fold.add(charge("acc-a", "a2", "motion-edit", Map.of(), 5));
        assertThat(accounts).isEmpty();
        fold.add(charge("acc-b", "b1", "motion-edit", Map.of(), 5));
        assertThat(accounts).extracting(AccountTotals::accountId).containsExactly("acc-a");
        fold.finish(FROM, TO);
        assertThat(accounts).extracting(AccountTotals::accountId).containsExactly("acc-a", "acc-b");
        assertThat(fold.accounts()).isEqualTo(2);
    }

    @Test
    void charges_out_of_account_order_are_refused_rather_than_reported_twice() throws IOException {
        ReRating fold = new ReRating(catalog(CANDIDATE), accounts::add);
        fold.add(charge("acc-b", "b1", "motion-edit", Map.of(), 5));

        assertThatThrownBy(() -> fold.add(charge("acc-a", "a1", "motion-edit", Map.of(), 5)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("acc-a after acc-b");
    }

    @Test
    void a_period_without_charges_has_a_summary_of_zeros() throws IOException {
        ReRating fold = new ReRating(catalog(CANDIDATE), accounts::add);

        assertThat(fold.finish(FROM, TO)).containsExactly(
                new Summary(List.of(), "2033-candidate", FROM, TO, 0, 0, 0, 0, 0, 0, 0, List.of()));
        assertThat(accounts).isEmpty();
    }

    static RecordedCharge charge(String account, String job, String tool, Map<String, Long> params, long credits) {
        String toolkit = switch (tool) {
            case "image-to-3d-mesh", "huge" -> "mesh";
            case "text-to-material", "image-to-material" -> "material";
            case "environment-map-to-world" -> "environment";
            default -> "motion";
        };
        return new RecordedCharge(account, job, tool, toolkit, params, "2026-11-01", credits);
    }

    static Summary summary(List<ReRatingLine> lines) {
        return (Summary) lines.get(lines.size() - 1);
    }

    static PriceCatalog catalog(String json) throws IOException {
        return PriceCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
