package io.ferry.runtime.worker;

import io.ferry.runtime.worker.errors.ProcessingContext;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import io.ferry.runtime.worker.errors.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.runtime.InternalSinkRecord;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Turns a consumed record into what a sink task receives: key, value and headers converted, then transformed, each
 * step under the connector's error policy. Runs on the sink task's thread.
 */
final class SinkRecordConverter {

    private final ConverterSet converters;
    private final TransformationChain<SinkRecord> transformations;
    private final RetryWithToleranceOperator errors;

    SinkRecordConverter(ConverterSet converters, TransformationChain<SinkRecord> transformations,
                        RetryWithToleranceOperator errors) {
        this.converters = converters;
        this.transformations = transformations;
        this.errors = errors;
    }

    /** The record to put, or null when a transformation dropped it or its failure was tolerated. */
    SinkRecord convert(ConsumerRecord<byte[], byte[]> record) {
        ProcessingContext ctx = ProcessingContext.forConsumed(record);
        SchemaAndValue key = errors.execute(ctx, Stage.KEY_CONVERTER, converters.key().pluginClass(),
                () -> converters.key().toConnectData(record.topic(), record.headers(), record.key()));
        if (ctx.failed()) {
            return null;
        }
        SchemaAndValue value = errors.execute(ctx, Stage.VALUE_CONVERTER, converters.value().pluginClass(),
                () -> converters.value().toConnectData(record.topic(), record.headers(), record.value()));
        if (ctx.failed()) {
            return null;
        }
        Headers headers = errors.execute(ctx, Stage.HEADER_CONVERTER, converters.header().pluginClass(),
                () -> convertHeaders(record));
        if (ctx.failed()) {
            return null;
        }
        Long timestamp = record.timestamp() < 0 ? null : record.timestamp();
        SinkRecord sinkRecord = new InternalSinkRecord(
                new org.apache.kafka.connect.runtime.errors.ProcessingContext<>(record), new SinkRecord(record.topic(),
                record.partition(), key.schema(), key.value(), value.schema(), value.value(), record.offset(), timestamp,
                record.timestampType(), headers));
        return transformations.apply(ctx, errors, sinkRecord);
    }

    private Headers convertHeaders(ConsumerRecord<byte[], byte[]> record) {
        ConnectHeaders headers = new ConnectHeaders();
        for (org.apache.kafka.common.header.Header header : record.headers()) {
            SchemaAndValue sv = converters.header().toConnectHeader(record.topic(), header.key(), header.value());
            headers.add(header.key(), sv);
        }
        return headers;
    }
}
