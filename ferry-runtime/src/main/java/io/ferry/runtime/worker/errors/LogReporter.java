package io.ferry.runtime.worker.errors;

import io.ferry.runtime.metrics.TaskErrorMetrics;
import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletableFuture;

/** Logs each failed operation ({@code errors.log.enable}), with the record's content if asked to. */
public class LogReporter implements ErrorReporter {

    private static final Logger log = LoggerFactory.getLogger(LogReporter.class);

    private final ConnectorTaskId taskId;
    private final boolean includeMessages;
    private final TaskErrorMetrics metrics;

    public LogReporter(ConnectorTaskId taskId, boolean includeMessages, TaskErrorMetrics metrics) {
        this.taskId = taskId;
        this.includeMessages = includeMessages;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Void> report(ProcessingContext context) {
        if (context.failed()) {
            log.error(message(context), context.error());
            metrics.recordErrorLogged();
        }
        return CompletableFuture.completedFuture(null);
    }

    String message(ProcessingContext context) {
        StringBuilder sb = new StringBuilder("Error encountered in task ").append(taskId)
                .append(". Executing stage '").append(context.stage())
                .append("' with class '").append(context.executingClass() == null ? "" : context.executingClass().getName())
                .append('\'');
        ConsumerRecord<byte[], byte[]> consumed = context.consumerRecord();
        SourceRecord polled = context.sourceRecord();
        if (consumed != null) {
            sb.append(", where consumed record is {topic='").append(consumed.topic())
                    .append("', partition=").append(consumed.partition())
                    .append(", offset=").append(consumed.offset());
            if (includeMessages) {
                sb.append(", timestamp=").append(consumed.timestamp())
                        .append(", timestampType=").append(consumed.timestampType());
                sb.append(", key=").append(consumed.key() == null ? "null" : consumed.key().length + " bytes");
                sb.append(", value=").append(consumed.value() == null ? "null" : consumed.value().length + " bytes");
            }
            sb.append('}');
        } else if (polled != null && includeMessages) {
            sb.append(", where source record is = ").append(polled);
        }
        return sb.append('.').toString();
    }
}
