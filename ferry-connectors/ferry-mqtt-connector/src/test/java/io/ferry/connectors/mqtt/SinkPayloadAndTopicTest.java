package io.ferry.connectors.mqtt;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SinkPayloadAndTopicTest {

    private static String text(Object value) {
        return new String(Payloads.toBytes(value), StandardCharsets.UTF_8);
    }

    @Test
    void payloadsKeepBytesAndTextAndWriteStructuresAsJson() {
        assertThat(Payloads.toBytes(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(text("21.5 °C")).isEqualTo("21.5 °C");
        assertThat(Payloads.toBytes(null)).isEmpty();
        assertThat(text(42L)).isEqualTo("42");
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA)).build();
        assertThat(text(new Struct(schema).put("id", 7).put("tags", List.of("a", "b")))).isEqualTo("{\"id\":7,\"tags\":[\"a\",\"b\"]}");
        assertThat(text(Map.of("on", true))).isEqualTo("{\"on\":true}");
    }

    @Test
    void theTopicComesFromTheHeaderWhenPresentElseTheTemplate() {
        TopicTemplate template = new TopicTemplate("copy/${topic}/${partition}/${key}", "mqtt.topic");
        SinkRecord plain = new SinkRecord("orders", 3, Schema.STRING_SCHEMA, "k1", Schema.STRING_SCHEMA, "v", 10);
        assertThat(template.topicOf(plain)).isEqualTo("copy/orders/3/k1");

        SinkRecord withHeader = plain.newRecord("orders", 3, Schema.STRING_SCHEMA, "k1", Schema.STRING_SCHEMA, "v", null);
        withHeader.headers().addString("mqtt.topic", "sensors/7");
        assertThat(template.topicOf(withHeader)).isEqualTo("sensors/7");

        SinkRecord noKey = new SinkRecord("orders", 3, null, null, Schema.STRING_SCHEMA, "v", 11);
        assertThat(template.topicOf(noKey)).as("no key for ${key}").isNull();
    }
}
