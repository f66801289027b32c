package com.creditledger.api.kafka;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Stored answers are sent again byte for byte, whatever the key, and answers stored by an earlier version still read. */
class AnswerTest {

    @Test
    void answers_with_any_key_come_back_as_they_went_in() {
        ProducerRecord<String, byte[]> longKey = new ProducerRecord<>("billing.commands.dlt", "k".repeat(70_000) + "é", new byte[]{0, 1, 2});
        longKey.headers().add(new RecordHeader("billing.dlt.reason", "why".getBytes(StandardCharsets.UTF_8)));
        ProducerRecord<String, byte[]> noKey = new ProducerRecord<>("billing.command-results", null, "{}".getBytes(StandardCharsets.UTF_8));

        List<Answer> decoded = Answer.decode(Answer.encode(List.of(new Answer(7, longKey), new Answer(8, noKey))));

        assertThat(decoded).hasSize(2);
        assertThat(decoded.get(0).sourceOffset()).isEqualTo(7);
        assertThat(decoded.get(0).record().key()).isEqualTo(longKey.key());
        assertThat(decoded.get(0).record().value()).containsExactly(0, 1, 2);
        assertThat(decoded.get(0).record().headers().lastHeader("billing.dlt.reason").value()).isEqualTo("why".getBytes(StandardCharsets.UTF_8));
        assertThat(decoded.get(1).record().key()).isNull();
        assertThat(decoded.get(1).record().topic()).isEqualTo("billing.command-results");
    }

    /** The first form: the count, then per answer offset, topic, a flag and the key in modified UTF-8, value, headers. */
    @Test
    void answers_stored_in_the_first_form_are_still_read() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            out.writeLong(3);
            out.writeUTF("billing.command-results");
            out.writeBoolean(true);
            out.writeUTF("acc-1");
            out.writeInt(2);
            out.write("{}".getBytes(StandardCharsets.UTF_8));
            out.writeInt(0);
            out.writeLong(4);
            out.writeUTF("billing.commands.dlt");
            out.writeBoolean(false);
            out.writeInt(-1);
            out.writeInt(1);
            out.writeUTF("billing.dlt.reason");
            out.writeInt(3);
            out.write("why".getBytes(StandardCharsets.UTF_8));
        }

        List<Answer> decoded = Answer.decode(bytes.toByteArray());

        assertThat(decoded).extracting(Answer::sourceOffset).containsExactly(3L, 4L);
        assertThat(decoded.get(0).record().key()).isEqualTo("acc-1");
        assertThat(new String(decoded.get(0).record().value(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(decoded.get(1).record().key()).isNull();
        assertThat(decoded.get(1).record().value()).isNull();
        assertThat(decoded.get(1).record().headers().lastHeader("billing.dlt.reason").value()).isEqualTo("why".getBytes(StandardCharsets.UTF_8));
    }
}
