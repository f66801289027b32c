package com.creditledger.api.kafka;

import com.creditledger.account.Balance;
import com.creditledger.account.CommandResult;
import com.creditledger.api.kafka.CommandRecord.Envelope;
import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** A record of the results topic: the command's identity, then its outcome. Absent fields do not apply. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record CommandResultMessage(String commandId, String type, String accountId, String jobId, CommandResult.Status status,
                            String reason, String field, String message, boolean duplicate, Credits credits,
                            Credits fromSubscription, Credits fromTopUp, Balance balance, Instant expiresAt,
                            Credits expired) {

    static CommandResultMessage of(Envelope envelope, CommandResult result) {
        return new CommandResultMessage(envelope.commandId(), envelope.type(), envelope.accountId(), envelope.jobId(),
                result.status(), result.reason() == null ? null : result.reason().name(), result.field(), result.message(),
                result.duplicate(), result.credits(), result.fromSubscription(), result.fromTopUp(), result.balance(),
                result.expiresAt(), result.expired());
    }

    /** A command that failed on its own, for a reason that is no business rule: it is dead-lettered too. */
    static CommandResultMessage failed(Envelope envelope, Throwable failure) {
        return new CommandResultMessage(envelope.commandId(), envelope.type(), envelope.accountId(), envelope.jobId(),
                CommandResult.Status.REJECTED, "PROCESSING_FAILED", null, failure.toString(), false, null, null, null, null, null, null);
    }
}
