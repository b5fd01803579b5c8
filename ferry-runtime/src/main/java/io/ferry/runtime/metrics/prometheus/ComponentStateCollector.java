package io.ferry.runtime.metrics.prometheus;

import io.ferry.runtime.model.ConnectorStateInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.Collection;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Ferry's own state series, which Apache Kafka Connect has no equivalent of: {@code ferry_connector_state} and
 * {@code ferry_task_state}, one series (value 1) per connector and task this worker runs, labelled with its state as
 * the REST API spells it. A task that failed before it could report metrics of its own is still here, so
 * {@code ferry_task_state{state="FAILED"} == 1} alerts on every failed task. Each worker reports only what it runs,
 * so summing over a cluster's workers counts each connector and task once.
 */
final class ComponentStateCollector implements MultiCollector {

    private final Supplier<Collection<ConnectorStateInfo>> statuses;
    private final String workerId;

    ComponentStateCollector(Supplier<Collection<ConnectorStateInfo>> statuses, String workerId) {
        this.statuses = statuses;
        this.workerId = workerId;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder connectors = GaugeSnapshot.builder().name("ferry_connector_state")
                .help("The state of each connector this worker runs (value 1, state in the label).");
        GaugeSnapshot.Builder tasks = GaugeSnapshot.builder().name("ferry_task_state")
                .help("The state of each task this worker runs (value 1, state in the label).");
        for (ConnectorStateInfo status : statuses.get()) {
            if (status.connector() != null && Objects.equals(status.connector().workerId(), workerId)) {
                connectors.dataPoint(point(Labels.of("connector", status.name(), "state", status.connector().state())));
            }
            for (ConnectorStateInfo.TaskState task : status.tasks()) {
                if (Objects.equals(task.workerId(), workerId)) {
                    tasks.dataPoint(point(Labels.of("connector", status.name(), "task", String.valueOf(task.id()),
                            "state", task.state())));
                }
            }
        }
        return MetricSnapshots.of(connectors.build(), tasks.build());
    }

    private static GaugeDataPointSnapshot point(Labels labels) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(1).build();
    }
}
