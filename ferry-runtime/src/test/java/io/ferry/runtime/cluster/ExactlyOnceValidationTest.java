package io.ferry.runtime.cluster;

import io.ferry.runtime.plugins.IsolatedConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** What a cluster says of exactly-once settings, field by field, as Apache Kafka Connect does. */
class ExactlyOnceValidationTest {

    /** A source connector that answers the exactly-once questions as told. */
    public static class Answering extends SourceConnector {
        private final ExactlyOnceSupport support;
        private final ConnectorTransactionBoundaries boundaries;

        Answering(ExactlyOnceSupport support, ConnectorTransactionBoundaries boundaries) {
            this.support = support;
            this.boundaries = boundaries;
        }

        @Override
        public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> config) {
            return support;
        }

        @Override
        public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> config) {
            return boundaries;
        }

        @Override public void start(Map<String, String> props) { }
        @Override public Class<? extends Task> taskClass() { return null; }
        @Override public List<Map<String, String>> taskConfigs(int maxTasks) { return List.of(); }
        @Override public void stop() { }
        @Override public ConfigDef config() { return new ConfigDef(); }
        @Override public String version() { return "1"; }
    }

    private static Map<String, List<String>> problems(ExactlyOnceSupport support, Map<String, String> config,
                                                      boolean workerEnabled) {
        IsolatedConnector connector = new IsolatedConnector(new Answering(support,
                ConnectorTransactionBoundaries.UNSUPPORTED), ExactlyOnceValidationTest.class.getClassLoader());
        return ExactlyOnceValidation.problems(connector, config, workerEnabled);
    }

    @Test
    void requiredNeedsTheWorkersSupportAndTheConnectorsWordForIt() {
        assertThat(problems(ExactlyOnceSupport.SUPPORTED, Map.of("exactly.once.support", "required"), true)).isEmpty();
        assertThat(problems(ExactlyOnceSupport.SUPPORTED, Map.of("exactly.once.support", "requested"), false)).isEmpty();

        assertThat(problems(ExactlyOnceSupport.SUPPORTED, Map.of("exactly.once.support", "required"), false))
                .containsExactly(Map.entry("exactly.once.support",
                        List.of("This worker does not have exactly-once source support enabled.")));
        assertThat(problems(ExactlyOnceSupport.UNSUPPORTED, Map.of("exactly.once.support", "required"), false)
                .get("exactly.once.support")).containsExactly(
                "This worker does not have exactly-once source support enabled.",
                "The connector does not support exactly-once semantics with the provided configuration.");
        assertThat(problems(null, Map.of("exactly.once.support", "REQUIRED"), true).get("exactly.once.support"))
                .singleElement().asString().startsWith("The connector does not implement the API required for "
                        + "preflight validation of exactly-once source support.");
    }

    private static Map<String, List<String>> boundaryProblems(ConnectorTransactionBoundaries boundaries,
                                                              String boundary, boolean workerEnabled) {
        IsolatedConnector connector = new IsolatedConnector(new Answering(ExactlyOnceSupport.SUPPORTED, boundaries),
                ExactlyOnceValidationTest.class.getClassLoader());
        return ExactlyOnceValidation.problems(connector, Map.of("transaction.boundary", boundary), workerEnabled);
    }

    @Test
    void connectorDefinedBoundariesAreAcceptedFromAConnectorThatCanDefineThem() {
        assertThat(boundaryProblems(ConnectorTransactionBoundaries.SUPPORTED, "connector", true)).isEmpty();
        assertThat(boundaryProblems(ConnectorTransactionBoundaries.SUPPORTED, " Connector ", false)).isEmpty();
    }

    @Test
    void theConnectorIsAskedInsideItsOwnClassLoader() throws Exception {
        AtomicReference<ClassLoader> askedIn = new AtomicReference<>();
        try (URLClassLoader pluginLoader = new URLClassLoader(new URL[0], getClass().getClassLoader())) {
            IsolatedConnector connector = new IsolatedConnector(new Answering(null, null) {
                @Override
                public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> config) {
                    askedIn.set(Thread.currentThread().getContextClassLoader());
                    return ConnectorTransactionBoundaries.SUPPORTED;
                }
            }, pluginLoader);
            assertThat(ExactlyOnceValidation.problems(connector, Map.of("transaction.boundary", "connector"), true))
                    .isEmpty();
            assertThat(askedIn.get()).isSameAs(pluginLoader);
        }
    }

    @Test
    void connectorDefinedBoundariesAreRefusedWithTheReason() {
        String unsupported = "The connector does not support connector-defined transaction boundaries with the given "
                + "configuration. Please reconfigure it to use a different transaction boundary definition.";
        assertThat(boundaryProblems(ConnectorTransactionBoundaries.UNSUPPORTED, "connector", true))
                .containsExactly(Map.entry("transaction.boundary", List.of(unsupported)));
        // The connector is asked even when the worker's exactly-once support is off.
        assertThat(boundaryProblems(ConnectorTransactionBoundaries.UNSUPPORTED, "connector", false))
                .containsExactly(Map.entry("transaction.boundary", List.of(unsupported)));
        assertThat(boundaryProblems(null, "connector", true)).containsExactly(Map.entry("transaction.boundary",
                List.of("This connector has returned a null value from its canDefineTransactionBoundaries method, "
                        + "which is not permitted. The connector will be treated as if it cannot define its own "
                        + "transaction boundaries, and cannot be configured with 'transaction.boundary' set to "
                        + "'connector'.")));
        // Other boundaries do not need the connector's word.
        assertThat(boundaryProblems(ConnectorTransactionBoundaries.UNSUPPORTED, "poll", true)).isEmpty();
        assertThat(boundaryProblems(ConnectorTransactionBoundaries.UNSUPPORTED, "interval", true)).isEmpty();
    }

    @Test
    void aConnectorThatThrowsWhileAskedForItsBoundariesIsAValidationErrorOnThatField() {
        IsolatedConnector withMessage = new IsolatedConnector(new Answering(null, null) {
            @Override
            public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> config) {
                throw new IllegalStateException(" no database ");
            }
        }, getClass().getClassLoader());
        assertThat(ExactlyOnceValidation.problems(withMessage, Map.of("transaction.boundary", "connector"), true))
                .containsExactly(Map.entry("transaction.boundary",
                        List.of("An unexpected error occurred during validation: no database")));

        IsolatedConnector withoutMessage = new IsolatedConnector(new Answering(null, null) {
            @Override
            public ConnectorTransactionBoundaries canDefineTransactionBoundaries(Map<String, String> config) {
                throw new IllegalStateException();
            }
        }, getClass().getClassLoader());
        assertThat(ExactlyOnceValidation.problems(withoutMessage, Map.of("transaction.boundary", "connector"), true))
                .containsExactly(Map.entry("transaction.boundary", List.of("An unexpected error occurred during "
                        + "validation; please see the worker logs for more details.")));
    }

    @Test
    void aConnectorThatThrowsWhileAskedIsAValidationError() {
        IsolatedConnector throwing = new IsolatedConnector(new Answering(null, null) {
            @Override
            public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> config) {
                throw new IllegalStateException("no database");
            }
        }, getClass().getClassLoader());
        assertThat(ExactlyOnceValidation.problems(throwing, Map.of("exactly.once.support", "required"), true))
                .containsExactly(Map.entry("exactly.once.support",
                        List.of("An unexpected error occurred during validation: no database")));
    }
}
