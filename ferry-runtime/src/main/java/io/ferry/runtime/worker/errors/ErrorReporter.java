package io.ferry.runtime.worker.errors;

import java.util.concurrent.CompletableFuture;

/** Somewhere a failed record is reported to: the log, a dead letter queue. */
public interface ErrorReporter extends AutoCloseable {

    /** Reports the failure held by the context; completes when the report is durable. */
    CompletableFuture<Void> report(ProcessingContext context);

    @Override
    default void close() {
    }
}
