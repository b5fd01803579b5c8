package io.ferry.runtime.metrics.prometheus;

import io.ferry.runtime.model.AutoRestartState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

import java.util.Collection;
import java.util.function.Supplier;

/**
 * Where the automatic restarts of this worker's failed connectors and tasks stand, for Prometheus:
 * {@code ferry_auto_restart_attempts}, {@code ferry_auto_restart_next_attempt_timestamp_seconds} (while one is
 * scheduled) and {@code ferry_auto_restart_gave_up}, labelled {@code connector} and, for a task, {@code task}.
 */
public final class AutoRestartCollector implements MultiCollector {

    /** One connector ({@code task} null) or task with automatic restarts on this worker. */
    public record Restarts(String connector, Integer task, AutoRestartState state) {
    }

    private final Supplier<Collection<Restarts>> restarts;

    AutoRestartCollector(Supplier<Collection<Restarts>> restarts) {
        this.restarts = restarts;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder attempts = GaugeSnapshot.builder().name("ferry_auto_restart_attempts")
                .help("Automatic restarts made in a row (since the component last ran long enough to count as healthy).");
        GaugeSnapshot.Builder next = GaugeSnapshot.builder().name("ferry_auto_restart_next_attempt_timestamp_seconds")
                .help("When the next automatic restart is due, in seconds since the epoch.");
        GaugeSnapshot.Builder gaveUp = GaugeSnapshot.builder().name("ferry_auto_restart_gave_up")
                .help("1 when no automatic restart will come (the limit was reached, or a restart cannot fix the failure).");
        for (Restarts r : restarts.get()) {
            Labels labels = r.task() == null ? Labels.of("connector", r.connector())
                    : Labels.of("connector", r.connector(), "task", String.valueOf(r.task()));
            attempts.dataPoint(point(labels, r.state().attempts()));
            gaveUp.dataPoint(point(labels, r.state().gaveUp() ? 1 : 0));
            if (r.state().retrying()) {
                next.dataPoint(point(labels, r.state().nextAttemptMs() / 1000.0));
            }
        }
        return MetricSnapshots.of(attempts.build(), next.build(), gaveUp.build());
    }

    private static GaugeDataPointSnapshot point(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }
}
