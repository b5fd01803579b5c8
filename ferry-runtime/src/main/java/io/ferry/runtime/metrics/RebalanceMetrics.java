package io.ferry.runtime.metrics;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;

/**
 * {@code connect-worker-rebalance-metrics} (distributed workers): the group protocol, the leader, the generation,
 * whether a rebalance is being applied, and how long applying rebalances took. A rebalance counts from the moment
 * this worker receives its assignment until it has started what it was given.
 */
public final class RebalanceMetrics implements AutoCloseable {

    private final ConnectMetrics metrics;
    private final MetricGroup group;
    private final Sensor completed;
    private final Sensor duration;
    private volatile String protocol;
    private volatile String leader;
    private volatile int epoch = -1;
    private volatile boolean rebalancing;
    private volatile long startedMs;
    private volatile long completedMs = -1;

    public RebalanceMetrics(ConnectMetrics metrics) {
        this.metrics = metrics;
        this.group = metrics.group("connect-worker-rebalance-metrics");
        group.gauge("connect-protocol", "The Connect protocol the group uses.", () -> protocol);
        group.gauge("leader-name", "The URL of the group's leader.", () -> leader);
        group.gauge("epoch", "The generation of the group.", () -> (double) epoch);
        group.gauge("rebalancing", "Whether this worker is applying a rebalance (1) or not (0).",
                () -> rebalancing ? 1.0 : 0.0);
        completed = group.sensor("completed-rebalances");
        completed.add(group.metricName("completed-rebalances-total",
                "The number of rebalances this worker completed."), new CumulativeSum());
        duration = group.maxAndAvg("rebalance-time", "rebalance-max-time-ms", "rebalance-avg-time-ms",
                "time this worker took to apply a rebalance.");
        group.measurable("time-since-last-rebalance-ms",
                "The time since this worker completed its last rebalance; infinite before the first.",
                (config, now) -> completedMs < 0 ? Double.POSITIVE_INFINITY : now - completedMs);
    }

    /** An assignment arrived; {@code protocol} is the protocol's name, e.g. {@code sessioned}. */
    public void rebalanceStarted(String protocol, String leader, int epoch) {
        this.protocol = protocol;
        this.leader = leader;
        this.epoch = epoch;
        this.startedMs = metrics.time().milliseconds();
        this.rebalancing = true;
    }

    /** This worker started what the assignment gave it. */
    public void rebalanceSucceeded() {
        long now = metrics.time().milliseconds();
        completedMs = now;
        rebalancing = false;
        completed.record(1);
        duration.record(now - startedMs);
    }

    /** Applying the assignment failed; the worker rejoins, so it no longer counts as rebalancing. */
    public void rebalanceFailed() {
        rebalancing = false;
    }

    @Override
    public void close() {
        group.close();
    }
}
