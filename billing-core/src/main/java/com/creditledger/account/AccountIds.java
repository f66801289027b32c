package com.creditledger.account;

import java.util.regex.Pattern;

/** The shapes of the identifiers that arrive with commands. */
public final class AccountIds {

    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    public static final int MAX_REFERENCE_LENGTH = 128;

    private AccountIds() {
    }

    public static String requireAccountId(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new InvalidCommandException(RejectionReason.INVALID_ACCOUNT_ID, "accountId",
                    "accountId must be 1-64 characters of A-Z a-z 0-9 . _ : -");
        }
        return accountId;
    }

    /**
     * Job, payment and package ids, tools, plans and reasons come from other systems: any text,
     * but present, bounded and printable.
     */
    public static String requireReference(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field, field + " is required");
        }
        if (value.length() > MAX_REFERENCE_LENGTH) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field,
                    field + " must be at most " + MAX_REFERENCE_LENGTH + " characters");
        }
        return requirePrintable(value, field);
    }

    /**
     * Text is stored and compared in PostgreSQL, which refuses a NUL and would store an unpaired
     * surrogate as '?' (so two different ids could collide); other control characters only
     * hide what a text says in logs and reports.
     */
    public static String requirePrintable(String value, String field) {
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            if (Character.isISOControl(codePoint)) {
                throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field,
                        field + " cannot contain control characters (found U+%04X)".formatted(codePoint));
            }
            if (Character.getType(codePoint) == Character.SURROGATE) {
                throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field,
                        field + " is not valid Unicode text (an unpaired surrogate U+%04X)".formatted(codePoint));
            }
            i += Character.charCount(codePoint);
        }
        return value;
    }

    public static <T> T requirePresent(T value, String field) {
        if (value == null) {
            throw new InvalidCommandException(RejectionReason.INVALID_REQUEST, field, field + " is required");
        }
        return value;
    }
}
