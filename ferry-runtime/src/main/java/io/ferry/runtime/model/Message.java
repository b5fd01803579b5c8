package io.ferry.runtime.model;

/** A plain answer: {@code {"message":"..."}}. */
public record Message(String message) {
}
