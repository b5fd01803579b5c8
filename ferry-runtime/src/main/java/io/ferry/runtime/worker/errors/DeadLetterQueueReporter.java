package io.ferry.runtime.worker.errors;

import io.ferry.runtime.metrics.TaskErrorMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Sends the original bytes of a record that a sink could not process to the dead letter queue topic, optionally
 * with {@code __connect.errors.*} headers that say where it came from and what went wrong.
 */
public class DeadLetterQueueReporter implements ErrorReporter {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueueReporter.class);

    public static final String HEADER_PREFIX = "__connect.errors.";
    public static final String ERROR_HEADER_ORIG_TOPIC = HEADER_PREFIX + "topic";
    public static final String ERROR_HEADER_ORIG_PARTITION = HEADER_PREFIX + "partition";
    public static final String ERROR_HEADER_ORIG_OFFSET = HEADER_PREFIX + "offset";
    public static final String ERROR_HEADER_CONNECTOR_NAME = HEADER_PREFIX + "connector.name";
    public static final String ERROR_HEADER_TASK_ID = HEADER_PREFIX + "task.id";
    public static final String ERROR_HEADER_STAGE = HEADER_PREFIX + "stage";
    public static final String ERROR_HEADER_EXECUTING_CLASS = HEADER_PREFIX + "class.name";
    public static final String ERROR_HEADER_EXCEPTION = HEADER_PREFIX + "exception.class.name";
    public static final String ERROR_HEADER_EXCEPTION_MESSAGE = HEADER_PREFIX + "exception.message";
    public static final String ERROR_HEADER_EXCEPTION_STACK_TRACE = HEADER_PREFIX + "exception.stacktrace";

    private final ConnectorTaskId taskId;
    private final String topic;
    private final boolean contextHeaders;
    private final Producer<byte[], byte[]> producer;
    private final TaskErrorMetrics metrics;

    public DeadLetterQueueReporter(ConnectorTaskId taskId, String topic, boolean contextHeaders,
                                   Producer<byte[], byte[]> producer, TaskErrorMetrics metrics) {
        this.metrics = metrics;
        this.taskId = taskId;
        this.topic = topic;
        this.contextHeaders = contextHeaders;
        this.producer = producer;
    }

    @Override
    public CompletableFuture<Void> report(ProcessingContext context) {
        ConsumerRecord<byte[], byte[]> original = context.consumerRecord();
        metrics.recordDeadLetterQueueRequest();
        if (original == null) {
            metrics.recordDeadLetterQueueFailure();
            return CompletableFuture.completedFuture(null);
        }
        Headers headers = new RecordHeaders(original.headers().toArray());
        if (contextHeaders) {
            addContextHeaders(headers, original, context);
        }
        Long timestamp = original.timestamp() < 0 ? null : original.timestamp();
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, null, timestamp, original.key(), original.value(), headers);
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                log.error("Could not write the failed record {}-{}@{} to the dead letter queue topic {}",
                        original.topic(), original.partition(), original.offset(), topic, error);
                metrics.recordDeadLetterQueueFailure();
                done.completeExceptionally(error);
            } else {
                done.complete(null);
            }
        });
        return done;
    }

    private void addContextHeaders(Headers headers, ConsumerRecord<byte[], byte[]> original, ProcessingContext context) {
        put(headers, ERROR_HEADER_ORIG_TOPIC, original.topic());
        put(headers, ERROR_HEADER_ORIG_PARTITION, String.valueOf(original.partition()));
        put(headers, ERROR_HEADER_ORIG_OFFSET, String.valueOf(original.offset()));
        put(headers, ERROR_HEADER_CONNECTOR_NAME, taskId.connector());
        put(headers, ERROR_HEADER_TASK_ID, String.valueOf(taskId.task()));
        put(headers, ERROR_HEADER_STAGE, context.stage().name());
        put(headers, ERROR_HEADER_EXECUTING_CLASS, context.executingClass() == null ? null : context.executingClass().getName());
        Throwable error = context.error();
        if (error != null) {
            put(headers, ERROR_HEADER_EXCEPTION, error.getClass().getName());
            put(headers, ERROR_HEADER_EXCEPTION_MESSAGE, error.getMessage());
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            put(headers, ERROR_HEADER_EXCEPTION_STACK_TRACE, trace.toString());
        }
    }

    private static void put(Headers headers, String key, String value) {
        headers.add(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
