package io.ferry.runtime.cluster;

import io.ferry.runtime.plugins.IsolatedConnector;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ConnectorTransactionBoundaries;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

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

    @Test
    void connectorDefinedBoundariesAreRefusedWithTheReason() {
        assertThat(problems(ExactlyOnceSupport.SUPPORTED, Map.of("transaction.boundary", "connector"), true)
                .get("transaction.boundary")).containsExactly("The connector does not support connector-defined "
                + "transaction boundaries with the given configuration. Please reconfigure it to use a different "
                + "transaction boundary definition.");
        assertThat(problems(ExactlyOnceSupport.SUPPORTED, Map.of("transaction.boundary", "poll"), true)).isEmpty();
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
