package io.ferry.runtime.worker;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink record that remembers the consumer record it came from, through every transformation, so a failed record
 * can be written to the dead letter queue with its original bytes.
 */
final class InternalSinkRecord extends SinkRecord {

    private final ConsumerRecord<byte[], byte[]> original;

    InternalSinkRecord(ConsumerRecord<byte[], byte[]> original, SinkRecord record) {
        super(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), record.valueSchema(),
                record.value(), record.kafkaOffset(), record.timestamp(), record.timestampType(), record.headers(),
                original.topic(), original.partition(), original.offset());
        this.original = original;
    }

    ConsumerRecord<byte[], byte[]> original() {
        return original;
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key, Schema valueSchema,
                                Object value, Long timestamp, Iterable<Header> headers) {
        SinkRecord plain = new SinkRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, kafkaOffset(),
                timestamp, timestampType(), headers, originalTopic(), originalKafkaPartition(), originalKafkaOffset());
        return new InternalSinkRecord(original, plain);
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key, Schema valueSchema,
                                Object value, Long timestamp) {
        return newRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers().duplicate());
    }
}
