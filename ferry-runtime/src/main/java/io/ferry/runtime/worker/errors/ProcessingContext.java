package io.ferry.runtime.worker.errors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What one record went through: the record as consumed (sink) or polled (source), the stage being executed,
 * and the error if one happened. Error reporters describe failures from it.
 */
public final class ProcessingContext {

    private final ConsumerRecord<byte[], byte[]> consumerRecord;
    private final SourceRecord sourceRecord;
    private Stage stage;
    private Class<?> executingClass;
    private Throwable error;
    private int attempt;

    private ProcessingContext(ConsumerRecord<byte[], byte[]> consumerRecord, SourceRecord sourceRecord) {
        this.consumerRecord = consumerRecord;
        this.sourceRecord = sourceRecord;
    }

    public static ProcessingContext forConsumed(ConsumerRecord<byte[], byte[]> record) {
        return new ProcessingContext(record, null);
    }

    public static ProcessingContext forPolled(SourceRecord record) {
        return new ProcessingContext(null, record);
    }

    void position(Stage stage, Class<?> executingClass) {
        this.stage = stage;
        this.executingClass = executingClass;
        this.attempt = 0;
    }

    void attempt() {
        attempt++;
    }

    void error(Throwable error) {
        this.error = error;
    }

    public boolean failed() {
        return error != null;
    }

    public Throwable error() {
        return error;
    }

    public Stage stage() {
        return stage;
    }

    public Class<?> executingClass() {
        return executingClass;
    }

    public int attempts() {
        return attempt;
    }

    public ConsumerRecord<byte[], byte[]> consumerRecord() {
        return consumerRecord;
    }

    public SourceRecord sourceRecord() {
        return sourceRecord;
    }
}
