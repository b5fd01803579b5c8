package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The answer of {@code GET /}: the Kafka Connect API version served, and the Kafka cluster the worker uses. */
@JsonPropertyOrder({"version", "commit", "kafka_cluster_id"})
public record ServerInfo(String version, String commit, @JsonProperty("kafka_cluster_id") String kafkaClusterId) {
}
