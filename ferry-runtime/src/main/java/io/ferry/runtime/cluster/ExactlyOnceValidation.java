package io.ferry.runtime.cluster;

import io.ferry.runtime.config.SourceConnectorConfig;
import io.ferry.runtime.plugins.IsolatedConnector;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The exactly-once checks a source connector's config gets in a distributed cluster (KIP-618), as Apache Kafka
 * Connect makes them: {@code exactly.once.support=required} needs the worker's exactly-once support and a connector
 * that says it supports exactly-once delivery with this config; {@code transaction.boundary=connector} needs a
 * connector that can define its own transactions. Problems are reported on the field they concern.
 */
final class ExactlyOnceValidation {

    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceValidation.class);

    private ExactlyOnceValidation() {
    }

    /** The problems by field name, empty when there is none. */
    static Map<String, List<String>> problems(IsolatedConnector connector, Map<String, String> config,
                                              boolean workerExactlyOnce) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        if ("required".equalsIgnoreCase(trimmed(config.get(SourceConnectorConfig.EXACTLY_ONCE_SUPPORT_CONFIG)))) {
            List<String> messages = new ArrayList<>();
            if (!workerExactlyOnce) {
                messages.add("This worker does not have exactly-once source support enabled.");
            }
            String support = ask(() -> supportProblem(connector.exactlyOnceSupport(config)));
            if (support != null) {
                messages.add(support);
            }
            if (!messages.isEmpty()) {
                problems.put(SourceConnectorConfig.EXACTLY_ONCE_SUPPORT_CONFIG, messages);
            }
        }
        if ("connector".equalsIgnoreCase(trimmed(config.get(SourceConnectorConfig.TRANSACTION_BOUNDARY_CONFIG)))) {
            // Asked whatever the worker's exactly-once setting, as Apache Kafka Connect does.
            String boundaries = ask(() -> boundariesProblem(connector.canDefineTransactionBoundaries(config)));
            if (boundaries != null) {
                problems.put(SourceConnectorConfig.TRANSACTION_BOUNDARY_CONFIG, List.of(boundaries));
            }
        }
        return problems;
    }

    private static String supportProblem(ExactlyOnceSupport support) {
        if (support == null) {
            // Apache Kafka Connect's words: clients and scripts match validation messages.
            return "The connector does not implement the API required for preflight validation of exactly-once "
                    + "source support. Please consult the documentation for the connector to determine whether it "
                    + "supports exactly-once semantics, and then consider reconfiguring the connector to use the value "
                    + "\"requested\" for this property (which will disable this preflight check and allow the "
                    + "connector to be created).";
        }
        return support == ExactlyOnceSupport.SUPPORTED ? null
                : "The connector does not support exactly-once semantics with the provided configuration.";
    }

    private static String boundariesProblem(ConnectorTransactionBoundaries boundaries) {
        if (boundaries == null) {
            return "This connector has returned a null value from its canDefineTransactionBoundaries method, which "
                    + "is not permitted. The connector will be treated as if it cannot define its own transaction "
                    + "boundaries, and cannot be configured with 'transaction.boundary' set to 'connector'.";
        }
        return boundaries == ConnectorTransactionBoundaries.SUPPORTED ? null
                : "The connector does not support connector-defined transaction boundaries with the given "
                + "configuration. Please reconfigure it to use a different transaction boundary definition.";
    }

    /** Runs a check that calls the connector; a failure of the connector's own is a validation error too. */
    private static String ask(Supplier<String> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            log.error("A connector failed while its exactly-once support was validated", e);
            String message = e.getMessage() == null ? "" : e.getMessage().trim();
            return message.isEmpty()
                    ? "An unexpected error occurred during validation; please see the worker logs for more details."
                    : "An unexpected error occurred during validation: " + message;
        }
    }

    private static String trimmed(String value) {
        return value == null ? null : value.trim();
    }
}
