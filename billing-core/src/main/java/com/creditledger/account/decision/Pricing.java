package com.creditledger.account.decision;

import com.creditledger.account.RejectionReason;
import com.creditledger.pricing.InvalidParamsException;
import com.creditledger.pricing.PriceCatalog;
import com.creditledger.pricing.Quote;
import com.creditledger.pricing.UnknownToolException;

import java.util.Map;

/** The catalog's price of a job, or why it has none: a charge, a hold and a capture ask alike. */
public record Pricing(Quote quote, RejectionReason refusal, String field, String message) {

    public static Pricing of(PriceCatalog catalog, String tool, Map<String, Long> params) {
        try {
            return new Pricing(catalog.quote(tool, params), null, null, null);
        } catch (UnknownToolException e) {
            return new Pricing(null, RejectionReason.UNKNOWN_TOOL, "tool", e.getMessage());
        } catch (InvalidParamsException e) {
            return new Pricing(null, RejectionReason.INVALID_PARAMS, "params." + e.field(), e.getMessage());
        }
    }

    public boolean refused() {
        return refusal != null;
    }

    /** The refusal; like any invalid command, it records nothing, not even what time has settled. */
    public Decision refuse(Changes unchanged) {
        return unchanged.refuse(refusal, field, message);
    }
}
