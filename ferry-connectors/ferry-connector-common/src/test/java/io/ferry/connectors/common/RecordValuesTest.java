package io.ferry.connectors.common;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecordValuesTest {

    private static String text(Object value) {
        return new String(RecordValues.toBytes(value), StandardCharsets.UTF_8);
    }

    @Test
    void bytesAndTextStayAsTheyAreAndStructuresBecomeJson() {
        assertThat(RecordValues.toBytes(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        assertThat(text("21.5 °C")).isEqualTo("21.5 °C");
        assertThat(RecordValues.toBytes(null)).isEmpty();
        assertThat(text(42L)).isEqualTo("42");
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT32_SCHEMA).field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA)).build();
        assertThat(text(new Struct(schema).put("id", 7).put("tags", List.of("a", "b")))).isEqualTo("{\"id\":7,\"tags\":[\"a\",\"b\"]}");
        assertThat(text(Map.of("on", true))).isEqualTo("{\"on\":true}");
    }

    @Test
    void asJsonTextIsAJsonString() {
        assertThat(new String(RecordValues.toJson("a \"quote\""), StandardCharsets.UTF_8)).isEqualTo("\"a \\\"quote\\\"\"");
        assertThat(new String(RecordValues.toJson(null), StandardCharsets.UTF_8)).isEqualTo("null");
        assertThat(RecordValues.text(null)).isEqualTo("null");
    }
}
