package com.creditledger.api.usage;

import com.creditledger.account.AccountIds;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.pricing.Toolkit;
import com.creditledger.projection.usage.UsageFilter;

import java.time.Instant;
import java.util.Arrays;

/** The checks of a usage query, the same for the API, its export and the console. */
public final class UsageRequests {

    public static final int MAX_PAGE_SIZE = 500;

    private UsageRequests() {
    }

    public static UsageFilter filter(String accountId, Instant from, Instant to, String toolkit, String tool, int page, int size) {
        AccountIds.requireAccountId(accountId);
        pageAndSize(page, size);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "to", "to must be after from");
        }
        if (toolkit != null && Arrays.stream(Toolkit.values()).noneMatch(known -> known.id().equals(toolkit))) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "toolkit", "unknown toolkit '" + toolkit + "'");
        }
        return new UsageFilter(accountId, from, to, toolkit, tool, page, size);
    }

    public static void pageAndSize(int page, int size) {
        if (page < 0) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "page", "page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "size", "size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
