package io.ferry.runtime.rest.entities;

/** The body of {@code GET /health}. */
public record WorkerStatus(String status, String message) {
}
