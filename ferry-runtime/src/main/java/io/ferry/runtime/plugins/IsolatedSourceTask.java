package io.ferry.runtime.plugins;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.apache.kafka.connect.source.SourceTaskContext;

import java.util.List;

/** A source task whose every call runs with its plugin's class loader current. */
public final class IsolatedSourceTask extends IsolatedTask<SourceTask> {

    public IsolatedSourceTask(SourceTask task, ClassLoader loader) {
        super(task, loader);
    }

    public void initialize(SourceTaskContext context) {
        run(t -> t.initialize(context));
    }

    public List<SourceRecord> poll() throws InterruptedException {
        return call(SourceTask::poll);
    }

    /** Tells the task that a record was written (metadata) or dropped (null metadata). */
    public void commitRecord(SourceRecord record, RecordMetadata metadata) throws InterruptedException {
        run(t -> t.commitRecord(record, metadata));
    }

    public void commit() throws InterruptedException {
        run(SourceTask::commit);
    }
}
