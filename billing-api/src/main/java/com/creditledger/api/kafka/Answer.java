package com.creditledger.api.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One record the service sends in answer to a record of the commands topic (its result, or a
 * dead letter), with the offset of the record it answers. Answers are stored with the decision
 * and sent again, byte for byte, whenever that record is delivered again.
 */
record Answer(long sourceOffset, ProducerRecord<String, byte[]> record) {

    /**
     * Marks the form in which keys are written as length and UTF-8 bytes. The first form wrote them
     * with {@code writeUTF}, which cannot take more than 64 KiB: a dead letter of a record with a
     * longer key could not be stored, and its partition stalled. Answers stored in the first form
     * (which begins with the count of answers, never negative) are still read.
     */
    private static final int LONG_KEYS = -1;

    /** A compact binary form: dead letters carry the source record's bytes, which need not be text. */
    static byte[] encode(List<Answer> answers) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * answers.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(LONG_KEYS);
            out.writeInt(answers.size());
            for (Answer answer : answers) {
                ProducerRecord<String, byte[]> record = answer.record();
                out.writeLong(answer.sourceOffset());
                out.writeUTF(record.topic());
                writeBytes(out, record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8));
                writeBytes(out, record.value());
                Header[] headers = record.headers().toArray();
                out.writeInt(headers.length);
                for (Header header : headers) {
                    out.writeUTF(header.key());
                    writeBytes(out, header.value());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<Answer> decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int first = in.readInt();
            boolean longKeys = first == LONG_KEYS;
            int count = longKeys ? in.readInt() : first;
            List<Answer> answers = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                long sourceOffset = in.readLong();
                String topic = in.readUTF();
                String key = longKeys ? text(readBytes(in)) : in.readBoolean() ? in.readUTF() : null;
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, readBytes(in));
                int headers = in.readInt();
                for (int h = 0; h < headers; h++) {
                    record.headers().add(new RecordHeader(in.readUTF(), readBytes(in)));
                }
                answers.add(new Answer(sourceOffset, record));
            }
            return answers;
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stored answers", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value == null ? -1 : value.length);
        if (value != null) {
            out.write(value);
        }
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : in.readNBytes(length);
    }
}
