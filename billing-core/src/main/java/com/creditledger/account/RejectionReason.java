package com.creditledger.account;

/** Why a command had no effect. These codes are part of the HTTP and Kafka contracts. */
public enum RejectionReason {
    INVALID_REQUEST,
    INVALID_ACCOUNT_ID,
    UNKNOWN_ACCOUNT,
    UNKNOWN_TOOL,
    INVALID_PARAMS,
    INVALID_AMOUNT,
    INVALID_PERIOD,
    STALE_PERIOD,
    PERIOD_NOT_STARTED,
    INSUFFICIENT_CREDITS,
    IDEMPOTENCY_CONFLICT,
    UNKNOWN_JOB,
    ALREADY_REFUNDED,
    INVALID_EXPIRY,
    UNKNOWN_HOLD,
    HOLD_CAPTURED,
    HOLD_RELEASED,
    HOLD_EXPIRED,
    TOO_MANY_HOLDS
}
