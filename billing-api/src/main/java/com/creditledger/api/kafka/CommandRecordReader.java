package com.creditledger.api.kafka;

import com.creditledger.account.AccountCommand;
import com.creditledger.account.AccountCommand.ChargeJob;
import com.creditledger.account.AccountCommand.OpenAccount;
import com.creditledger.account.AccountCommand.RefundJob;
import com.creditledger.account.AccountCommand.RenewSubscription;
import com.creditledger.account.AccountCommand.TopUp;
import com.creditledger.account.CommandResult;
import com.creditledger.account.InvalidCommandException;
import com.creditledger.account.RejectionReason;
import com.creditledger.api.kafka.CommandRecord.Envelope;
import com.creditledger.api.kafka.CommandRecord.Executable;
import com.creditledger.api.kafka.CommandRecord.Refused;
import com.creditledger.api.kafka.CommandRecord.Unreadable;
import com.creditledger.pricing.Credits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads one record of the commands topic. A value that is not JSON, not an object, of an
 * unknown type, without an account id, or with a field of the wrong JSON type is not a
 * command: it goes to the dead-letter topic. Anything else is a command, which may still be
 * refused (a bad account id, a missing job id, bad params) with a result.
 */
class CommandRecordReader {

    static final Set<String> TYPES = Set.of("OpenAccount", "RenewSubscription", "TopUp", "ChargeJob", "RefundJob");

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
            return new Unreadable("not JSON: " + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
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
                return new Unreadable("unknown type '" + type + "' (expected one of " + new java.util.TreeSet<>(TYPES) + ")");
            }
            String accountId = text(root, "accountId");
            if (accountId == null) {
                return new Unreadable("missing 'accountId'");
            }
            Envelope envelope = new Envelope(text(root, "commandId"), type, accountId, text(root, "jobId"));
            try {
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
            default -> throw new IllegalStateException("type checked above: " + type);
        };
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
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new WrongType("'" + field + "' must be a whole number");
        }
        long amount = node.asLong();
        if (amount < 0) {
            throw new InvalidCommandException(RejectionReason.INVALID_AMOUNT, field, field + " cannot be negative");
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

    /** Parameters are priced by the catalog, so a bad one is a refusal (INVALID_PARAMS), not garbage. */
    private static Map<String, Long> params(JsonNode root) {
        JsonNode node = root.get("params");
        if (node == null || node.isNull()) {
            return Map.of();
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

    private static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
