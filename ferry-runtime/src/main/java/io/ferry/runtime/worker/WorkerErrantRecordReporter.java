package io.ferry.runtime.worker;

import io.ferry.runtime.worker.errors.ProcessingContext;
import io.ferry.runtime.worker.errors.RetryWithToleranceOperator;
import io.ferry.runtime.worker.errors.Stage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.runtime.InternalSinkRecord;
import org.apache.kafka.connect.sink.SinkRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Lets a sink task report records it could not write (KIP-610). Reports go to the log and dead letter queue; offsets
 * of a partition are committed only after its reports are complete.
 */
final class WorkerErrantRecordReporter implements ErrantRecordReporter {

    private final RetryWithToleranceOperator errors;
    private final ConverterSet converters;
    private final Map<TopicPartition, List<CompletableFuture<Void>>> pending = new HashMap<>();

    WorkerErrantRecordReporter(RetryWithToleranceOperator errors, ConverterSet converters) {
        this.errors = errors;
        this.converters = converters;
    }

    @Override
    public Future<Void> report(SinkRecord record, Throwable error) {
        ConsumerRecord<byte[], byte[]> original = record instanceof InternalSinkRecord internal
                ? internal.context().original() : reserialize(record);
        ProcessingContext context = ProcessingContext.forConsumed(original);
        CompletableFuture<Void> future = errors.reportTaskFailure(context, Stage.TASK_PUT, SinkRecord.class, error);
        synchronized (this) {
            pending.computeIfAbsent(new TopicPartition(original.topic(), original.partition()), tp -> new ArrayList<>())
                    .add(future);
        }
        return future;
    }

    private ConsumerRecord<byte[], byte[]> reserialize(SinkRecord record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header h : record.headers()) {
            headers.add(h.key(), converters.header().fromConnectHeader(record.topic(), h.key(), h.schema(), h.value()));
        }
        byte[] key = converters.key().fromConnectData(record.topic(), headers, record.keySchema(), record.key());
        byte[] value = converters.value().fromConnectData(record.topic(), headers, record.valueSchema(), record.value());
        return new ConsumerRecord<>(record.topic(), record.kafkaPartition() == null ? 0 : record.kafkaPartition(),
                record.kafkaOffset(), record.timestamp() == null ? -1 : record.timestamp(),
                record.timestampType() == null ? TimestampType.NO_TIMESTAMP_TYPE : record.timestampType(),
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
    }

    /** Waits for the reports of the given partitions to complete. */
    void awaitReports(Iterable<TopicPartition> partitions) {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                List<CompletableFuture<Void>> list = pending.remove(tp);
                if (list != null) {
                    futures.addAll(list);
                }
            }
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
    }

    synchronized void cancel(Iterable<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            List<CompletableFuture<Void>> list = pending.remove(tp);
            if (list != null) {
                list.forEach(f -> f.cancel(false));
            }
        }
    }
}
