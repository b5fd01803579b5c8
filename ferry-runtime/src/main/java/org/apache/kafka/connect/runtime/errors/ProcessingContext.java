package org.apache.kafka.connect.runtime.errors;

/**
 * The record a worker is processing, as it was received; carried by
 * {@link org.apache.kafka.connect.runtime.InternalSinkRecord} under Apache Kafka Connect's names.
 */
public class ProcessingContext<T> {

    private final T original;

    public ProcessingContext(T original) {
        this.original = original;
    }

    public T original() {
        return original;
    }
}
