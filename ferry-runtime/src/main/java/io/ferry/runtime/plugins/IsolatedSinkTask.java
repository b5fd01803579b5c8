package io.ferry.runtime.plugins;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.Collection;
import java.util.Map;

/** A sink task whose every call runs with its plugin's class loader current. */
public final class IsolatedSinkTask extends IsolatedTask<SinkTask> {

    public IsolatedSinkTask(SinkTask task, ClassLoader loader) {
        super(task, loader);
    }

    public void initialize(SinkTaskContext context) {
        run(t -> t.initialize(context));
    }

    public void put(Collection<SinkRecord> records) {
        run(t -> t.put(records));
    }

    /** The offsets the task agrees to commit, of those the worker proposes. */
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return call(t -> t.preCommit(offsets));
    }

    public void open(Collection<TopicPartition> partitions) {
        run(t -> t.open(partitions));
    }

    /** Tells the task it no longer owns these partitions (not the end of the task: that is {@link #stop()}). */
    public void close(Collection<TopicPartition> partitions) {
        run(t -> t.close(partitions));
    }
}
