package com.creditledger.api.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Commands that must be refused: each starts as a valid command (one that would change an
 * account) and is then spoiled at least once, in a way that no other change can repair: a wrong
 * JSON type, a number out of range, a control character, a missing field, a text too long, an
 * instant out of range, garbage bytes, deep nesting... Unicode that is odd but valid, field order,
 * whitespace and (over Kafka) unknown fields are varied as well, before the spoiling.
 */
final class SpoiledCommands {

    /** What a field holds, which says how it can be spoiled. */
    enum Role { TEXT, TOOL, ACCOUNT, JOB, COUNT, GRANT, INSTANT, PARAMS, THRESHOLDS }

    /** The commands, as HTTP addresses them and Kafka names them. */
    enum Kind {
        OPEN("POST", "/api/accounts", "billing", "OpenAccount"),
        RENEW("POST", "/api/accounts/{account}/renewals", "billing", "RenewSubscription"),
        TOP_UP("POST", "/api/accounts/{account}/top-ups", "billing", "TopUp"),
        CHARGE("POST", "/api/accounts/{account}/charges", "job-service", "ChargeJob"),
        REFUND("POST", "/api/accounts/{account}/refunds", "billing", "RefundJob"),
        HOLD("POST", "/api/accounts/{account}/holds", "job-service", "ReserveCredits"),
        CAPTURE("POST", "/api/accounts/{account}/holds/{job}/capture", "job-service", "CaptureCharge"),
        RELEASE("POST", "/api/accounts/{account}/holds/{job}/release", "job-service", "ReleaseHold"),
        ALERTS("PUT", "/api/accounts/{account}/alert-thresholds", "billing", "ConfigureBalanceAlerts");

        final String method;
        final String path;
        final String user;
        final String type;

        Kind(String method, String path, String user, String type) {
            this.method = method;
            this.path = path;
            this.user = user;
            this.type = type;
        }
    }

    /** A spoiled HTTP request. {@code body} null: none is sent. */
    record HttpCase(String spoilt, Kind kind, String path, String contentType, byte[] body) {
    }

    /** A spoiled Kafka record; {@code marker} is in its value, and is the commandId its result echoes. */
    record KafkaCase(String spoilt, String marker, String key, byte[] value) {
    }

    /** The jobs of every account: one charged, one held, so that refunds, captures and releases would apply. */
    static final String CHARGED = "charged";
    static final String HELD = "held";

    private static final String[] ODD_BUT_VALID = {"\u200b", "\u202e", "\u0301", "\ud83d\ude80", "\u2028", "\uffff", "\ufeff", "Ä", "中"};
    private static final char[] CONTROLS = {0, 1, 7, 8, 9, 10, 13, 27, 31, 127, 0x80, 0x85, 0x9f};

    private final Random random;
    private final List<String> accounts;
    private final String run;

    SpoiledCommands(long seed, List<String> accounts, String run) {
        this.random = new Random(seed);
        this.accounts = accounts;
        this.run = run;
    }

    /** A command as fields, each with its role; {@code required} ones may be left out to spoil it. */
    private record Command(Kind kind, Map<String, String> fields, Map<String, Role> roles, Set<String> required) {

        Command field(String name, Role role, String value, boolean isRequired) {
            fields.put(name, value);
            roles.put(name, role);
            if (isRequired) {
                required.add(name);
            }
            return this;
        }
    }

    /** The valid command each case starts from: applied as it is, it would change the account. */
    private Command valid(Kind kind, int n, boolean overKafka) {
        Command command = new Command(kind, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashSet<>());
        switch (kind) {
            case OPEN -> command.field("accountId", Role.ACCOUNT, Json.string("fz-new-" + run + "-" + n), true);
            case RENEW -> command.field("plan", Role.TEXT, Json.string("pro"), true)
                    .field("monthlyCredits", Role.COUNT, "100", true)
                    .field("periodStart", Role.INSTANT, Json.string("2040-01-01T00:00:00Z"), true)
                    .field("periodEnd", Role.INSTANT, Json.string("2040-02-01T00:00:00Z"), true);
            case TOP_UP -> command.field("paymentId", Role.TEXT, Json.string("fz-pay-" + n), true)
                    .field("credits", Role.GRANT, "10", true)
                    .field("packageId", Role.TEXT, Json.string("pack-10"), false);
            case CHARGE -> command.field("jobId", Role.TEXT, Json.string("fz-job-" + n), true)
                    .field("tool", Role.TOOL, Json.string("text-to-motion"), true)
                    .field("params", Role.PARAMS, "{\"actions\":2}", false);
            case REFUND -> command.field("jobId", Role.JOB, Json.string(CHARGED), true)
                    .field("reason", Role.TEXT, Json.string("failed"), true);
            case HOLD -> command.field("jobId", Role.TEXT, Json.string("fz-hold-" + n), true)
                    .field("tool", Role.TOOL, Json.string("text-to-motion"), true)
                    .field("params", Role.PARAMS, "{\"actions\":1}", false)
                    .field("expiresAt", Role.INSTANT, Json.string(Instant.now().plus(Duration.ofHours(2)).toString()), false);
            case CAPTURE -> {
                if (overKafka) {
                    command.field("jobId", Role.JOB, Json.string(HELD), true);
                }
                command.field("params", Role.PARAMS, "{\"actions\":1}", false);
            }
            case RELEASE -> {
                if (overKafka) {
                    command.field("jobId", Role.JOB, Json.string(HELD), true);
                }
                command.field("reason", Role.TEXT, Json.string("cancelled"), true);
            }
            case ALERTS -> command.field("thresholds", Role.THRESHOLDS, "[{\"credits\":10},{\"percentOfAllocation\":20}]", true);
        }
        return command;
    }

    HttpCase http(int n) {
        Kind kind = pick(Kind.values());
        Command command = valid(kind, n, false);
        String account = pick(accounts);
        String job = HELD;
        String contentType = "application/json";
        vary(command, false);
        List<String> spoilt = new ArrayList<>();
        byte[] body = null;
        String twice = null;
        int spoils = random.nextInt(5) == 0 ? 2 : 1;
        while (spoilt.size() < spoils) {
            int choice = random.nextInt(100);
            if (choice < 50) {
                spoilt.add(spoilField(command, false));
            } else if (choice < 55 && twice == null && !command.fields().isEmpty()) {
                twice = spoilTwice(command, false);
                spoilt.add("given twice, first " + abbreviated(twice));
            } else if (choice < 63 && !command.required().isEmpty()) {
                String name = pick(command.required().toArray(String[]::new));
                command.fields().remove(name);
                spoilt.add("without " + name);
            } else if (choice < 68) {
                String name = "x" + randomText(1 + random.nextInt(12), false);
                command.fields().put(name, randomValue());
                spoilt.add("unknown field");
            } else if (choice < 74) {
                contentType = pick(new String[]{null, "text/plain", "application/xml", "application/x-www-form-urlencoded",
                        "multipart/form-data; boundary=x", "not a media type", "application/json; charset=klingon"});
                spoilt.add("content type " + contentType);
            } else if (choice < 80 && kind != Kind.OPEN) {
                account = pick(new String[]{"fz-nobody-" + n, "a%20b", "%01acc", "x".repeat(65), "acc%00x", "acc%C3%A4", "..", "acc.%2e"});
                spoilt.add("account " + account);
            } else if (choice < 85 && (kind == Kind.CAPTURE || kind == Kind.RELEASE)) {
                job = pick(new String[]{"job%00", "job%01x", "job%7F", "job%C2%85", "j".repeat(129), "never-held-" + n, "%20"});
                spoilt.add("job " + job);
            } else if (choice >= 85) {
                body = garbage(Json.object(command.fields()), null, kind != Kind.CAPTURE);
                spoilt.add("body garbage");
                break;
            }
        }
        if (body == null) {
            body = render(command, twice);
        }
        String path = kind.path.replace("{account}", account).replace("{job}", job);
        return new HttpCase(String.join(", ", spoilt), kind, path, contentType, body);
    }

    KafkaCase kafka(int n) {
        Kind kind = pick(Kind.values());
        Command command = valid(kind, n, true);
        String account = pick(accounts);
        String marker = "fz-" + run + "-" + n + ".";
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("type", Json.string(kind.type));
        envelope.put("commandId", Json.string(marker));
        envelope.put("accountId", Json.string(account));
        Map<String, String> all = new LinkedHashMap<>(envelope);
        all.putAll(command.fields());
        Command record = new Command(kind, all, new LinkedHashMap<>(command.roles()), new LinkedHashSet<>(command.required()));
        record.roles().put("accountId", Role.ACCOUNT);
        record.required().add("accountId");
        record.required().add("type");
        vary(record, true);
        String key = account;
        List<String> spoilt = new ArrayList<>();
        byte[] value = null;
        String twice = null;
        int spoils = random.nextInt(5) == 0 ? 2 : 1;
        while (spoilt.size() < spoils) {
            int choice = random.nextInt(100);
            if (choice < 50) {
                spoilt.add(spoilField(record, true));
            } else if (choice < 55 && twice == null) {
                twice = spoilTwice(record, true);
                spoilt.add("given twice, first " + abbreviated(twice));
            } else if (choice < 63) {
                String name = pick(record.required().toArray(String[]::new));
                record.fields().remove(name);
                spoilt.add("without " + name);
            } else if (choice < 70) {
                record.fields().put("type", pick(new String[]{Json.string("MintCredits"), Json.string(""), Json.string("chargejob"),
                        Json.string(kind.type + "\u0000"), "42", "null", "[\"" + kind.type + "\"]", Json.string("T".repeat(5000))}));
                spoilt.add("type");
            } else if (choice < 76) {
                String other = accounts.stream().filter(a -> !a.equals(account)).findFirst().orElseThrow();
                key = pick(new String[]{other, "", "k\u0000", randomText(1 + random.nextInt(40), true),
                        random.nextInt(10) == 0 ? "k".repeat(70_000) : "k".repeat(200)});
                spoilt.add("key");
            } else if (choice < 80) {
                record.fields().put("commandId", Json.string(marker + pick(new String[]{"\u0000", "\n", "\u001b", "\ud800"})));
                spoilt.add("commandId");
            } else {
                value = garbage(Json.object(record.fields()), marker, true);
                spoilt.add("value garbage");
                break;
            }
        }
        if (value == null) {
            value = render(record, twice);
        }
        return new KafkaCase(String.join(", ", spoilt), marker, key, value);
    }

    /** Changes that keep a command what it was: field order, whitespace, odd but valid text, unknown fields Kafka ignores. */
    private void vary(Command command, boolean overKafka) {
        if (random.nextBoolean()) {
            List<Map.Entry<String, String>> entries = new ArrayList<>(command.fields().entrySet());
            Collections.shuffle(entries, random);
            command.fields().clear();
            entries.forEach(entry -> command.fields().put(entry.getKey(), entry.getValue()));
        }
        if (overKafka && random.nextInt(3) == 0) {
            command.fields().put("note" + random.nextInt(100), randomValue());
        }
        if (random.nextInt(3) == 0) {
            for (Map.Entry<String, Role> field : command.roles().entrySet()) {
                if (field.getValue() == Role.TEXT && command.fields().containsKey(field.getKey()) && random.nextBoolean()) {
                    String text = command.fields().get(field.getKey());
                    command.fields().put(field.getKey(), text.substring(0, text.length() - 1) + Json.string(pick(ODD_BUT_VALID)).substring(1));
                }
            }
        }
    }

    /** Spoils one field so that the command cannot be valid, whatever else it holds. */
    private String spoilField(Command command, boolean overKafka) {
        String name = pick(command.roles().keySet().toArray(String[]::new));
        String spoiled = spoiled(command, name, overKafka);
        command.fields().put(name, spoiled);
        return name + " = " + abbreviated(spoiled);
    }

    /**
     * A field given twice, first spoiled, then as it was: read leniently, the valid value would win.
     * Returns the pair to put before the others.
     */
    private String spoilTwice(Command command, boolean overKafka) {
        String name = pick(command.fields().keySet().stream().filter(command.roles()::containsKey).toArray(String[]::new));
        return Json.string(name) + ":" + spoiled(command, name, overKafka);
    }

    private String spoiled(Command command, String name, boolean overKafka) {
        Role role = command.roles().get(name);
        boolean required = command.required().contains(name);
        return switch (role) {
            case TEXT, JOB -> spoiledText(required);
            case TOOL -> random.nextInt(4) == 0 ? Json.string(randomText(1 + random.nextInt(40), false) + "-tool") : spoiledText(required);
            case ACCOUNT -> spoiledAccount(overKafka && command.kind() != Kind.OPEN);
            case COUNT -> spoiledCount(false);
            case GRANT -> spoiledCount(true);
            case INSTANT -> spoiledInstant();
            case PARAMS -> spoiledParams();
            case THRESHOLDS -> spoiledThresholds(!overKafka);
        };
    }

    private String spoiledText(boolean required) {
        return switch (random.nextInt(required ? 9 : 8)) {
            case 0, 1 -> Json.string(randomText(random.nextInt(20), true) + (char) CONTROLS[random.nextInt(CONTROLS.length)]
                    + randomText(random.nextInt(20), true));
            case 2 -> "\"raw" + (char) CONTROLS[random.nextInt(6)] + "control\"";
            case 3 -> Json.string("lone" + (random.nextBoolean() ? '\ud800' : '\udfff') + "surrogate");
            case 4 -> Json.string(randomText(129 + random.nextInt(random.nextInt(20) == 0 ? 70_000 : 3000), false));
            case 5 -> wrongType();
            case 6 -> deep(200 + random.nextInt(3000));
            case 7 -> pick(new String[]{"\"unterminated", "'single'", "\"bad escape \\x\"", "\"\\u12\""});
            default -> pick(new String[]{"null", Json.string(""), Json.string("   "), Json.string("\t")});
        };
    }

    private String spoiledAccount(boolean unknownRefuses) {
        return switch (random.nextInt(unknownRefuses ? 6 : 5)) {
            case 0 -> Json.string("acc " + random.nextInt(100));
            case 1 -> Json.string("a".repeat(65 + random.nextInt(random.nextInt(10) == 0 ? 100_000 : 200)));
            case 2 -> Json.string("acc" + (char) CONTROLS[random.nextInt(CONTROLS.length)]);
            case 3 -> Json.string(pick(new String[]{"äcc", "acc/1", "", "acc\ud800", "acc\u202e"}));
            case 4 -> wrongType();
            default -> Json.string("fz-nobody-" + random.nextInt(1000));
        };
    }

    /** {@code positive}: zero is no amount either (a top-up). */
    private String spoiledCount(boolean positive) {
        return switch (random.nextInt(positive ? 9 : 8)) {
            case 0 -> String.valueOf(-1 - (long) random.nextInt(1_000_000));
            case 1 -> String.valueOf(1_000_000_001L + Math.abs(random.nextLong() % 8_000_000_000_000_000_000L));
            case 2 -> (random.nextBoolean() ? "-" : "") + "9".repeat(19 + random.nextInt(400));
            case 3 -> pick(new String[]{"2.5", "1e3", "1.0", "1E400", "-1e-400", "0.0", "10e0"});
            case 4 -> pick(new String[]{"\"10\"", "true", "[10]", "{\"credits\":10}", "\"\""});
            case 5 -> pick(new String[]{"NaN", "Infinity", "-Infinity", "0x10", "+10", "010", "1_000", "10 0"});
            case 6 -> deep(100 + random.nextInt(2000));
            case 7 -> "null";
            default -> "0";
        };
    }

    private String spoiledInstant() {
        return switch (random.nextInt(6)) {
            case 0 -> Json.string(pick(new String[]{"+300000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z", "-5000-01-01T00:00:00Z",
                    "1969-12-31T23:59:59Z", "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z"}));
            case 1 -> Json.string(pick(new String[]{"+1000000001-01-01T00:00:00Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
                    "yesterday", "", "2026-11-01", "2026-11-01T00:00:00", "2026-11-01T25:00:00Z", "2026-11-01T00:00:00+99:00"}));
            case 2 -> pick(new String[]{"true", "[\"2026-11-01T00:00:00Z\"]", "{\"epoch\":0}", "\"2026-11-01T00:00:00Z\u0000\""});
            case 3 -> Json.string("2026-11-01T00:00:00Z" + (char) CONTROLS[random.nextInt(CONTROLS.length)]);
            case 4 -> Json.string(randomText(200 + random.nextInt(2000), false));
            default -> deep(50 + random.nextInt(1500));
        };
    }

    private String spoiledParams() {
        return switch (random.nextInt(7)) {
            case 0 -> pick(new String[]{"[1]", "\"actions=1\"", "1", "true", "[]", "[{\"actions\":1}]"});
            case 1 -> "{\"actions\":" + pick(new String[]{"0", "-5", "10001", "99999999999999999999", "-99999999999999999999",
                    "1.5", "\"1\"", "true", "null", "[1]", "{}", "1e2"}) + "}";
            case 2 -> "{" + Json.string(randomText(1 + random.nextInt(30), true)) + ":1}";
            case 3 -> "{\"actions\":1," + Json.string("x" + (char) CONTROLS[random.nextInt(CONTROLS.length)]) + ":1}";
            case 4 -> "{}";
            case 5 -> "{\"actions\":" + deep(100 + random.nextInt(2000)) + "}";
            default -> "{\"actions\":1,\"width\":1024}";
        };
    }

    /** {@code nullRefused}: over Kafka a null list returns the account to the defaults, which is a change. */
    private String spoiledThresholds(boolean nullRefused) {
        return switch (random.nextInt(nullRefused ? 9 : 8)) {
            case 0 -> pick(new String[]{"\"off\"", "20", "{\"credits\":10}", "true"});
            case 1 -> "[" + "{\"credits\":1},".repeat(10) + "{\"credits\":2}]";
            case 2 -> "[{\"credits\":10,\"percentOfAllocation\":20}]";
            case 3 -> "[{}]";
            case 4 -> "[{\"percentOfAllocation\":" + pick(new String[]{"0", "101", "-1", "4294967296", "12.5", "\"20\"", "null"}) + "}]";
            case 5 -> "[{\"credits\":" + pick(new String[]{"-1", "99999999999999999999", "2.5", "\"ten\"", "[1]"}) + "}]";
            case 6 -> pick(new String[]{"[null]", "[20]", "[\"20%\"]", "[[{\"credits\":1}]]"});
            case 7 -> "[{\"credits\":1}," + deep(100 + random.nextInt(2000)) + "]";
            default -> "null";
        };
    }

    /**
     * A body or value that is no command: garbage bytes, a document cut short, JSON that is not an
     * object, nesting too deep, or valid JSON followed by more. It holds {@code marker} (when there is
     * one) so that its dead letter can be told. {@code mayBeEmpty}: an empty or null body is a refusal
     * (it is not for a capture, whose body is optional).
     */
    private byte[] garbage(String json, String marker, boolean mayBeEmpty) {
        String tag = marker == null ? "" : marker;
        int choice = random.nextInt(mayBeEmpty ? 9 : 7);
        return switch (choice) {
            case 0 -> {
                byte[] bytes = new byte[1 + random.nextInt(200)];
                random.nextBytes(bytes);
                bytes[0] = (byte) (0x80 + random.nextInt(0x7f));
                yield concat(bytes, tag.getBytes(StandardCharsets.UTF_8));
            }
            case 1 -> {
                int from = marker == null ? 1 : json.indexOf(marker) + marker.length();
                yield json.substring(0, from + random.nextInt(Math.max(1, json.length() - 1 - from))).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> ("[" + Json.string(tag) + "," + json + "]").getBytes(StandardCharsets.UTF_8);
            case 3 -> ("[".repeat(500 + random.nextInt(5000)) + Json.string(tag)).getBytes(StandardCharsets.UTF_8);
            case 4 -> (json + pick(new String[]{" x", "}", "{}", " " + json, ",", "]"})).getBytes(StandardCharsets.UTF_8);
            case 5 -> (Json.string(tag + "not an object")).getBytes(StandardCharsets.UTF_8);
            case 6 -> ("\ufeff\ufeff" + json).getBytes(StandardCharsets.UTF_8);
            case 7 -> ("null" + (marker == null ? "" : " " + Json.string(tag))).getBytes(StandardCharsets.UTF_8);
            default -> (marker == null ? "" : " /* " + tag + " */").getBytes(StandardCharsets.UTF_8);
        };
    }

    /** {@code first}: a pair to put before the fields, or null. */
    private byte[] render(Command command, String first) {
        String json = Json.object(command.fields());
        if (first != null) {
            json = "{" + first + (json.length() > 2 ? "," : "") + json.substring(1);
        }
        if (random.nextInt(4) == 0) {
            json = json.replace(",", ",\n  ").replace(":", " : ");
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private String wrongType() {
        return pick(new String[]{"42", "-1", "1.5", "true", "false", "[]", "[\"a\"]", "{}", "{\"value\":\"a\"}", "1e999"});
    }

    private String randomValue() {
        return pick(new String[]{"1", "\"x\"", "null", "[1,2]", "{\"a\":{\"b\":[]}}", Json.string(randomText(50, true))});
    }

    private static String deep(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** Printable text, with odd but valid unicode when {@code odd}; never a character JSON or the checks refuse. */
    private String randomText(int length, boolean odd) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(odd && random.nextInt(8) == 0 ? pick(ODD_BUT_VALID) : (char) ('a' + random.nextInt(26)));
        }
        return text.toString();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static String abbreviated(String value) {
        return value.length() <= 60 ? value : value.substring(0, 60) + "...(" + value.length() + ")";
    }

    private <T> T pick(T[] choices) {
        return choices[random.nextInt(choices.length)];
    }

    private String pick(List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
