package io.ferry.conformance;

/** The conformance scenarios against standalone workers. */
class ConformanceIT extends ConformanceSuite {

    @Override
    boolean distributed() {
        return false;
    }
}
