package com.creditledger.account;

import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * The answer to every command, accepted or not. Rejections are answers, not exceptions, so a
 * batch of commands never fails because one of them was refused.
 *
 * @param duplicate the command was seen before; this repeats the original outcome and changed nothing
 * @param credits   for charges and refunds: the credits moved; for top-ups and renewals: the credits granted
 * @param balance   the account's balance right after the command (null when there is no account)
 * @param expiresAt for holds: when the hold is released unless captured or released before
 * @param expired   for a renewal of a period already over: the granted credits that expired at once
 *                  (the {@code message} says so too)
 */
public record CommandResult(Status status, RejectionReason reason, String field, String message, boolean duplicate,
                            Credits credits, Credits fromSubscription, Credits fromTopUp, Balance balance,
                            Instant expiresAt, Credits expired) {

    public enum Status { ACCEPTED, REJECTED }

    public static CommandResult accepted(Balance balance) {
        return new CommandResult(Status.ACCEPTED, null, null, null, false, null, null, null, balance, null, null);
    }

    public static CommandResult accepted(Credits credits, Credits fromSubscription, Credits fromTopUp, Balance balance) {
        return new CommandResult(Status.ACCEPTED, null, null, null, false, credits, fromSubscription, fromTopUp, balance, null, null);
    }

    public static CommandResult rejected(RejectionReason reason, String field, String message, Balance balance) {
        return new CommandResult(Status.REJECTED, reason, field, message, false, null, null, null, balance, null, null);
    }

    public static CommandResult rejected(RejectionReason reason, String message, Balance balance) {
        return rejected(reason, null, message, balance);
    }

    public CommandResult asDuplicate() {
        return new CommandResult(status, reason, field, message, true, credits, fromSubscription, fromTopUp, balance, expiresAt, expired);
    }

    public CommandResult withCredits(Credits credits) {
        return new CommandResult(status, reason, field, message, duplicate, credits, fromSubscription, fromTopUp, balance, expiresAt, expired);
    }

    public CommandResult expiringAt(Instant expiresAt) {
        return new CommandResult(status, reason, field, message, duplicate, credits, fromSubscription, fromTopUp, balance, expiresAt, expired);
    }

    /** An accepted renewal whose period was over when it arrived: what it granted is gone already. */
    public CommandResult expiredAtOnce(Credits expired, Instant periodEnd) {
        return new CommandResult(status, reason, field, "the period ended at " + periodEnd + ", before the renewal arrived: its "
                + expired.amount() + " credits expired at once", duplicate, credits, fromSubscription, fromTopUp, balance, expiresAt, expired);
    }

    @JsonIgnore
    public boolean isAccepted() {
        return status == Status.ACCEPTED;
    }
}
