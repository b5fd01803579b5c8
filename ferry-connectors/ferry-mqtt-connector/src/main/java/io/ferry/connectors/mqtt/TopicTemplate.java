package io.ferry.connectors.mqtt;

import io.ferry.connectors.common.RecordValues;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/** The MQTT topic of a sink record: a header's value when configured and present, else the template filled in. */
final class TopicTemplate {

    private final String template;
    private final String header;

    TopicTemplate(String template, String header) {
        this.template = template;
        this.header = header;
    }

    String topicOf(SinkRecord record) {
        if (header != null) {
            Header found = record.headers().lastWithName(header);
            if (found != null && found.value() != null) {
                return found.value().toString();
            }
        }
        String topic = template.replace("${topic}", record.topic())
                .replace("${partition}", String.valueOf(record.kafkaPartition()));
        if (topic.contains("${key}")) {
            if (record.key() == null) {
                return null;
            }
            topic = topic.replace("${key}", RecordValues.text(record.key()));
        }
        return topic;
    }
}
