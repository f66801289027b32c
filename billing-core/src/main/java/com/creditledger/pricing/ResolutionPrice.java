package com.creditledger.pricing;

import java.util.Map;
import java.util.Set;

/**
 * {@code round(base + perMegapixel * MP + perUpscaledMegapixel * MP * upscale)}, where
 * MP = width x height / 1,048,576 and the upscale term is left out at 1x. Rounds half up.
 * <p>
 * Computed as one integer fraction over 2^20, so no price ever passes through floating point.
 */
public record ResolutionPrice(long base, long perMegapixel, long perUpscaledMegapixel, long maxSide)
        implements PriceRule {

    static final long PIXELS_PER_MEGAPIXEL = 1024L * 1024L;
    static final Set<Long> UPSCALE_FACTORS = Set.of(1L, 2L, 4L);

    public ResolutionPrice {
        PriceRule.requireAtLeast("base", base, 0);
        PriceRule.requireAtLeast("perMegapixel", perMegapixel, 0);
        PriceRule.requireAtLeast("perUpscaledMegapixel", perUpscaledMegapixel, 0);
        PriceRule.requireAtLeast("maxSide", maxSide, 1);
    }

    @Override
    public Credits price(Map<String, Long> params) {
        PriceRule.allowOnly(params, Set.of("width", "height", "upscale"));
        long width = PriceRule.require(params, "width", 1, maxSide);
        long height = PriceRule.require(params, "height", 1, maxSide);
        long upscale = PriceRule.require(params, "upscale", 1, 4);
        if (!UPSCALE_FACTORS.contains(upscale)) {
            throw new InvalidParamsException("upscale", "'upscale' must be 1, 2 or 4, was " + upscale);
        }
        long pixels = Math.multiplyExact(width, height);
        long perPixelRate = perMegapixel + (upscale == 1 ? 0 : Math.multiplyExact(perUpscaledMegapixel, upscale));
        long numerator = Math.addExact(Math.multiplyExact(base, PIXELS_PER_MEGAPIXEL), Math.multiplyExact(pixels, perPixelRate));
        return Credits.of(roundHalfUp(numerator, PIXELS_PER_MEGAPIXEL));
    }

    static long roundHalfUp(long numerator, long denominator) {
        return Math.floorDiv(Math.addExact(Math.multiplyExact(2, numerator), denominator), 2 * denominator);
    }
}
