package io.ferry.runtime.worker;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.errors.IllegalWorkerStateException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkTaskContext;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a sink task may ask of the worker. Requests (offset rewinds, pauses, commits) are recorded here and carried
 * out by the task loop on its own thread, which owns the consumer.
 */
final class WorkerSinkTaskContext implements SinkTaskContext {

    private final Map<String, String> config;
    private final ErrantRecordReporter errantRecordReporter;
    private final PluginMetrics metrics;
    private final Map<TopicPartition, Long> offsetRewinds = new HashMap<>();
    private final Set<TopicPartition> pausedByTask = new HashSet<>();
    private final Set<TopicPartition> pendingPauses = new HashSet<>();
    private final Set<TopicPartition> pendingResumes = new HashSet<>();
    private volatile Set<TopicPartition> assignment = Set.of();
    private volatile long timeoutMs = -1;
    private volatile boolean commitRequested;

    WorkerSinkTaskContext(Map<String, String> config, ErrantRecordReporter errantRecordReporter, PluginMetrics metrics) {
        this.config = config;
        this.errantRecordReporter = errantRecordReporter;
        this.metrics = metrics;
    }

    @Override
    public Map<String, String> configs() {
        return config;
    }

    @Override
    public synchronized void offset(Map<TopicPartition, Long> offsets) {
        offsetRewinds.putAll(offsets);
    }

    @Override
    public synchronized void offset(TopicPartition tp, long offset) {
        offsetRewinds.put(tp, offset);
    }

    synchronized Map<TopicPartition, Long> takeOffsetRewinds() {
        Map<TopicPartition, Long> result = new HashMap<>(offsetRewinds);
        offsetRewinds.clear();
        return result;
    }

    @Override
    public void timeout(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    long timeout() {
        return timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
        return assignment;
    }

    void assignment(Set<TopicPartition> partitions) {
        assignment = Set.copyOf(partitions);
    }

    @Override
    public synchronized void pause(TopicPartition... partitions) {
        checkAssigned(partitions);
        pausedByTask.addAll(Arrays.asList(partitions));
        pendingPauses.addAll(Arrays.asList(partitions));
        pendingResumes.removeAll(Arrays.asList(partitions));
    }

    @Override
    public synchronized void resume(TopicPartition... partitions) {
        checkAssigned(partitions);
        Arrays.asList(partitions).forEach(pausedByTask::remove);
        pendingResumes.addAll(Arrays.asList(partitions));
        pendingPauses.removeAll(Arrays.asList(partitions));
    }

    private void checkAssigned(TopicPartition... partitions) {
        for (TopicPartition tp : partitions) {
            if (!assignment.contains(tp)) {
                throw new IllegalWorkerStateException("Cannot pause or resume partition " + tp
                        + ": it is not assigned to this task");
            }
        }
    }

    synchronized Set<TopicPartition> takePendingPauses() {
        Set<TopicPartition> result = new HashSet<>(pendingPauses);
        pendingPauses.clear();
        return result;
    }

    synchronized Set<TopicPartition> takePendingResumes() {
        Set<TopicPartition> result = new HashSet<>(pendingResumes);
        pendingResumes.clear();
        return result;
    }

    synchronized Set<TopicPartition> pausedByTask() {
        return new HashSet<>(pausedByTask);
    }

    synchronized void forget(Iterable<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            pausedByTask.remove(tp);
            offsetRewinds.remove(tp);
        }
    }

    @Override
    public void requestCommit() {
        commitRequested = true;
    }

    boolean takeCommitRequest() {
        boolean requested = commitRequested;
        commitRequested = false;
        return requested;
    }

    @Override
    public ErrantRecordReporter errantRecordReporter() {
        return errantRecordReporter;
    }

    @Override
    public PluginMetrics pluginMetrics() {
        return metrics;
    }
}
