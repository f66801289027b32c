package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.AccountCommand.CaptureCharge;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.ConfigureBalanceAlerts;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.ReleaseHold;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.ReserveCredits;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.AccountIds;
import com.creditledger.account.AlertThreshold;
import com.creditledger.account.CommandResult;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.json.JsonError;
import com.creditledger.api.kafka.CommandRecord.Envelope;
import com.creditledger.api.kafka.CommandRecord.Executable;
import com.creditledger.api.kafka.CommandRecord.Refused;
import com.creditledger.api.kafka.CommandRecord.Unreadable;
import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one record of the commands topic. A value that is not JSON, not an object, of an
 * unknown type, without an account id, or with a field of the wrong JSON type is not a
 * command: it goes to the dead-letter topic. Anything else is a command, which may still be
 * refused (a bad account id, a missing job id, bad params) with a result.
 */
class CommandRecordReader {

    static final Set<String> TYPES = Set.of("OpenAccount", "RenewSubscription", "TopUp", "ChargeJob", "RefundJob",
            "ReserveCredits", "CaptureCharge", "ReleaseHold", "ConfigureBalanceAlerts");

    private final ObjectMapper json;

    CommandRecordReader(ObjectMapper json) {
        this.json = json;
    }

    CommandRecord read(byte[] value) {
        if (value == null || value.length == 0) {
            return new Unreadable("empty value");
        }
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (IOException e) {
            return new Unreadable(JsonError.of(e, "the value").message());
        }
        if (root == null || !root.isObject()) {
            return new Unreadable("not a JSON object");
        }
        try {
            String type = text(root, "type");
            if (type == null) {
                return new Unreadable("missing 'type'");
            }
            if (!TYPES.contains(type)) {
                return new Unreadable("unknown type '" + excerpt(type) + "' (expected one of " + new TreeSet<>(TYPES) + ")");
            }
            String accountId = text(root, "accountId");
            if (accountId == null) {
                return new Unreadable("missing 'accountId'");
            }
            String commandId = text(root, "commandId");
            Envelope envelope = new Envelope(echo(commandId), type, echo(accountId), echo(text(root, "jobId")));
            try {
                if (commandId != null && !commandId.isEmpty()) {
                    AccountIds.requireReference(commandId, "commandId");
                }
                return new Executable(envelope, command(type, accountId, root));
            } catch (InvalidCommandException e) {
                return new Refused(envelope, CommandResult.rejected(e.reason(), e.field(), e.getMessage(), null));
            }
        } catch (WrongType e) {
            return new Unreadable(e.getMessage());
        }
    }

    private static AccountCommand command(String type, String accountId, JsonNode root) {
        return switch (type) {
            case "OpenAccount" -> new OpenAccount(accountId);
            case "RenewSubscription" -> new RenewSubscription(accountId, text(root, "plan"), credits(root, "monthlyCredits"),
                    instant(root, "periodStart"), instant(root, "periodEnd"));
            case "TopUp" -> new TopUp(accountId, text(root, "paymentId"), credits(root, "credits"), text(root, "packageId"));
            case "ChargeJob" -> new ChargeJob(accountId, text(root, "jobId"), text(root, "tool"), params(root));
            case "RefundJob" -> new RefundJob(accountId, text(root, "jobId"), text(root, "reason"));
            case "ReserveCredits" -> new ReserveCredits(accountId, text(root, "jobId"), text(root, "tool"), params(root),
                    instant(root, "expiresAt"));
            case "CaptureCharge" -> new CaptureCharge(accountId, text(root, "jobId"), params(root));
            case "ReleaseHold" -> new ReleaseHold(accountId, text(root, "jobId"), text(root, "reason"));
            case "ConfigureBalanceAlerts" -> new ConfigureBalanceAlerts(accountId, thresholds(root));
            default -> throw new IllegalStateException("type checked above: " + type);
        };
    }

    /**
     * A result echoes the command's ids; one too long to be an id is left out (its command is
     * refused anyway), so that no answer outgrows the record it answers or a Kafka key.
     */
    private static String echo(String id) {
        return id == null || id.length() <= AccountIds.MAX_REFERENCE_LENGTH ? id : null;
    }

    /** Enough of a value to recognise it in a dead letter's reason, which must stay small. */
    private static String excerpt(String value) {
        return value.length() <= AccountIds.MAX_REFERENCE_LENGTH ? value : value.substring(0, AccountIds.MAX_REFERENCE_LENGTH) + "...";
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new WrongType("'" + field + "' must be a string");
        }
        return node.asText();
    }

    private static Credits credits(JsonNode root, String field) {
        return credits(root, field, field);
    }

    /** {@code path} names the field where it sits, in messages and refusals: {@code thresholds.0.credits}. */
    private static Credits credits(JsonNode object, String field, String path) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new WrongType("'" + path + "' must be a whole number");
        }
        long amount = node.asLong();
        if (amount < 0) {
            throw new InvalidCommandException(RejectionReason.INVALID_AMOUNT, path, path + " cannot be negative");
        }
        return Credits.of(amount);
    }

    private static Instant instant(JsonNode root, String field) {
        String text = text(root, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new WrongType("'" + field + "' must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    /**
     * Parameters are priced by the catalog, so a bad one is a refusal (INVALID_PARAMS), not garbage.
     * Left out they are null: none for a charge or a hold, the held price for a capture.
     */
    private static Map<String, Long> params(JsonNode root) {
        JsonNode node = root.get("params");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new InvalidCommandException(RejectionReason.INVALID_PARAMS, "params", "params must be an object");
        }
        Map<String, Long> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getValue().isIntegralNumber() || !field.getValue().canConvertToLong()) {
                throw new InvalidCommandException(RejectionReason.INVALID_PARAMS, "params." + field.getKey(),
                        "'" + field.getKey() + "' must be a whole number");
            }
            params.put(field.getKey(), field.getValue().asLong());
        }
        return params;
    }

    /**
     * {@code null} restores the service's defaults, so it must be said: a command that leaves the
     * field out (misspelt, say) is refused rather than resetting the account's alerts.
     */
    private static List<AlertThreshold> thresholds(JsonNode root) {
        JsonNode node = root.get("thresholds");
        if (node == null) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, "thresholds",
                    "thresholds is required: a list (empty turns alerts off) or null for the service's defaults");
        }
        if (node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new WrongType("'thresholds' must be an array");
        }
        List<AlertThreshold> thresholds = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode threshold = node.get(i);
            String path = "thresholds." + i;
            if (!threshold.isObject()) {
                throw new WrongType("'" + path + "' must be an object");
            }
            JsonNode percent = threshold.get("percentOfAllocation");
            if (percent != null && !percent.isNull() && (!percent.isIntegralNumber() || !percent.canConvertToInt())) {
                throw new WrongType("'" + path + ".percentOfAllocation' must be a whole number");
            }
            thresholds.add(new AlertThreshold(credits(threshold, "credits", path + ".credits"),
                    percent == null || percent.isNull() ? null : percent.asInt()));
        }
        return thresholds;
    }

    private static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
