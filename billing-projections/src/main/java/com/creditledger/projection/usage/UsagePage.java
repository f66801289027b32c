package com.creditledger.projection.usage;

import java.util.List;

public record UsagePage(List<UsageEntry> items, int page, int size, long totalItems) {
}
