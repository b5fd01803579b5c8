package io.ferry.runtime.rest.entities;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Every error the REST API returns: {@code {"error_code": 404, "message": "..."}}. */
@JsonPropertyOrder({"error_code", "message"})
public record ErrorMessage(@JsonProperty("error_code") int errorCode, @JsonProperty("message") String message) {
}
