package com.creditledger.api.rerating;

import java.util.Map;

/** A charge as the usage projection recorded it: what was priced, by which catalog, at how much. */
public record RecordedCharge(String accountId, String jobId, String tool, String toolkit, Map<String, Long> params,
                             String catalogVersion, long credits) {
}
