package io.ferry.runtime.worker.errors;

/** The step of the record pipeline an error happened in; its name goes into logs and DLQ headers. */
public enum Stage {
    TASK_POLL, TASK_PUT, TRANSFORMATION, KEY_CONVERTER, VALUE_CONVERTER, HEADER_CONVERTER, KAFKA_PRODUCE, KAFKA_CONSUME;

    /** Stages in which any exception may be tolerated; elsewhere only retriable ones are. */
    public boolean toleratesAnyException() {
        return this == TRANSFORMATION || this == KEY_CONVERTER || this == VALUE_CONVERTER || this == HEADER_CONVERTER;
    }
}
