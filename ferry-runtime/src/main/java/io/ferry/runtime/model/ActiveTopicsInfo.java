package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Collection;

/** The topics a connector has used (KIP-558), shown as {@code {"name":{"topics":[...]}}}. */
public record ActiveTopicsInfo(@JsonIgnore String connector, Collection<String> topics) {
}
