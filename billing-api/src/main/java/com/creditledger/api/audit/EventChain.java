package com.creditledger.api.audit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash that chains an event to its account's previous one: SHA-256 over the previous hash
 * and the event exactly as stored (sequence number, id, payload type, timestamp text, payload
 * bytes), each part length-prefixed so no two different events hash alike. Changing, removing,
 * reordering or inserting a stored event breaks the chain from that event on.
 */
public final class EventChain {

    public static final String GENESIS = "0".repeat(64);

    private EventChain() {
    }

    public static String link(String previousHash, long sequenceNumber, String eventIdentifier, String payloadType,
                              String timestamp, byte[] payload) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            part(digest, previousHash.getBytes(StandardCharsets.US_ASCII));
            part(digest, ByteBuffer.allocate(Long.BYTES).putLong(sequenceNumber).array());
            part(digest, eventIdentifier.getBytes(StandardCharsets.UTF_8));
            part(digest, payloadType.getBytes(StandardCharsets.UTF_8));
            part(digest, timestamp.getBytes(StandardCharsets.UTF_8));
            part(digest, payload);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void part(MessageDigest digest, byte[] bytes) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
