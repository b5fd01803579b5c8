/**
 * Ferry's implementations of the client config override policies that Apache Kafka Connect ships inside its runtime,
 * under the same class names and aliases ({@code None}, {@code Principal}, {@code Allowlist}, {@code All}).
 */
package org.apache.kafka.connect.connector.policy;
