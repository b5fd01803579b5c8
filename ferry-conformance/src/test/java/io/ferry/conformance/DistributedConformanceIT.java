package io.ferry.conformance;

/** The conformance scenarios against one-worker distributed clusters, with their state in Kafka topics. */
class DistributedConformanceIT extends ConformanceSuite {

    @Override
    boolean distributed() {
        return true;
    }
}
