package io.ferry.connectors.mqtt;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTemplateTest {

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
