package org.apache.kafka.connect.runtime;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.runtime.errors.ProcessingContext;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A sink record that remembers the consumer record it came from, through every transformation, so a failed record
 * can be written to the dead letter queue with its original bytes. It has Apache Kafka Connect's name and
 * {@link #context()}, because sink connectors (Debezium's JDBC sink among them) look for it to reach the original
 * record.
 */
public class InternalSinkRecord extends SinkRecord {

    private final ProcessingContext<ConsumerRecord<byte[], byte[]>> context;

    public InternalSinkRecord(ProcessingContext<ConsumerRecord<byte[], byte[]>> context, SinkRecord record) {
        super(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(), record.valueSchema(),
                record.value(), record.kafkaOffset(), record.timestamp(), record.timestampType(), record.headers(),
                context.original().topic(), context.original().partition(), context.original().offset());
        this.context = context;
    }

    /** Where the record came from: {@code context().original()} is the consumer record as read from Kafka. */
    public ProcessingContext<ConsumerRecord<byte[], byte[]>> context() {
        return context;
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key, Schema valueSchema,
                                Object value, Long timestamp, Iterable<Header> headers) {
        SinkRecord plain = new SinkRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, kafkaOffset(),
                timestamp, timestampType(), headers, originalTopic(), originalKafkaPartition(), originalKafkaOffset());
        return new InternalSinkRecord(context, plain);
    }

    @Override
    public SinkRecord newRecord(String topic, Integer kafkaPartition, Schema keySchema, Object key, Schema valueSchema,
                                Object value, Long timestamp) {
        return newRecord(topic, kafkaPartition, keySchema, key, valueSchema, value, timestamp, headers().duplicate());
    }
}
