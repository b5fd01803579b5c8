package io.ferry.runtime.cluster;

/** The result of a create-or-update: whether it created, and what now exists. */
public record Created<T>(boolean created, T result) {
}
