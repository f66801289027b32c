package com.creditledger.account;

import com.creditledger.pricing.PriceCatalog;

/** What the service, not the account, decides with: the prices and the hold and alert policies. */
public record AccountPolicies(PriceCatalog catalog, HoldPolicy holds, AlertPolicy alerts) {
}
