package com.creditledger.api.pricing;

import com.creditledger.account.CommandResult;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.web.Refused;
import com.creditledger.pricing.InvalidParamsException;
import com.creditledger.pricing.PriceCatalog;
import com.creditledger.pricing.Quote;
import com.creditledger.pricing.Tool;
import com.creditledger.pricing.UnknownToolException;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The catalog, and the price of a job without charging it. */
@RestController
@Tag(name = "pricing", description = "The price catalog, and the price of a job without charging it")
@RequestMapping("/api/pricing")
public class PricingController {

    private final PriceCatalog catalog;

    public PricingController(PriceCatalog catalog) {
        this.catalog = catalog;
    }

    /** The catalog as it is read and written, by this endpoint and by a re-rating preview's candidate. */
    public record CatalogView(String version, List<Tool> tools) {
    }

    @GetMapping
    CatalogView catalog() {
        return new CatalogView(catalog.version(), catalog.tools());
    }

    @GetMapping("/quote")
    @ApiResponse(responseCode = "422", description = "The tool is not in the catalog (UNKNOWN_TOOL) or its parameters "
            + "do not fit (INVALID_PARAMS)")
    Quote quote(@RequestParam String tool,
                @RequestParam(required = false) Long actions,
                @RequestParam(required = false) Long width,
                @RequestParam(required = false) Long height,
                @RequestParam(required = false) Long upscale) {
        Map<String, Long> params = new LinkedHashMap<>();
        putIfPresent(params, "actions", actions);
        putIfPresent(params, "width", width);
        putIfPresent(params, "height", height);
        putIfPresent(params, "upscale", upscale);
        try {
            return catalog.quote(tool, params);
        } catch (UnknownToolException e) {
            throw new Refused(CommandResult.rejected(RejectionReason.UNKNOWN_TOOL, "tool", e.getMessage(), null));
        } catch (InvalidParamsException e) {
            throw new Refused(CommandResult.rejected(RejectionReason.INVALID_PARAMS, e.field(), e.getMessage(), null));
        }
    }

    private static void putIfPresent(Map<String, Long> params, String name, Long value) {
        if (value != null) {
            params.put(name, value);
        }
    }
}
