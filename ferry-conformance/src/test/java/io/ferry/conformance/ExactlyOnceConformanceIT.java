package io.ferry.conformance;

/**
 * The conformance scenarios against one-worker distributed clusters with exactly-once source support on (KIP-618):
 * source tasks write in transactions, validation checks {@code exactly.once.support} and {@code transaction.boundary}
 * against the connector, and the leader fences earlier tasks.
 */
class ExactlyOnceConformanceIT extends ConformanceSuite {

    @Override
    boolean distributed() {
        return true;
    }

    @Override
    boolean exactlyOnce() {
        return true;
    }
}
