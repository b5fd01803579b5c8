package io.ferry.conformance;

/**
 * The metrics comparison with both runtimes as one-worker clusters: besides the standalone groups, the rebalance and
 * coordinator metrics and those of the clients that read and write the internal topics.
 */
class DistributedMetricsConformanceIT extends MetricsConformanceIT {

    @Override
    boolean distributed() {
        return true;
    }
}
