package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.MockAdminClient;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a worker with exactly-once source support refuses to start because the brokers cannot run transactions. */
class TransactionSupportCheckTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static MockAdminClient cluster(int brokers, String replicationFactor, String minIsr) throws Exception {
        MockAdminClient admin = MockAdminClient.create().numBrokers(brokers).build();
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
        admin.incrementalAlterConfigs(Map.of(broker, List.of(
                new AlterConfigOp(new ConfigEntry(TransactionSupportCheck.REPLICATION_FACTOR, replicationFactor), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry(TransactionSupportCheck.MIN_ISR, minIsr), AlterConfigOp.OpType.SET))))
                .all().get();
        return admin;
    }

    @Test
    void fewerBrokersThanTheTransactionLogsReplicationFactorFailTheStart() throws Exception {
        try (MockAdminClient admin = cluster(1, "3", "2")) {
            assertThatThrownBy(() -> new TransactionSupportCheck(admin, TIMEOUT).check("enabled"))
                    .isInstanceOf(ConnectException.class)
                    .hasMessage("exactly.once.source.support=enabled needs Kafka transactions, but this Kafka cluster "
                            + "cannot run them: its brokers have transaction.state.log.replication.factor=3 and "
                            + "transaction.state.log.min.isr=2, and the cluster has 1 broker, so the transaction state "
                            + "topic __transaction_state cannot be created and no transaction can start. Either set "
                            + "transaction.state.log.replication.factor on the brokers to at most 1 (and "
                            + "transaction.state.log.min.isr to at most that), for example "
                            + "transaction.state.log.replication.factor=1 and transaction.state.log.min.isr=1, or set "
                            + "exactly.once.source.support=disabled on the workers.");
        }
    }

    @Test
    void aMinimumInSyncReplicasAboveTheBrokerCountFailsTheStartToo() throws Exception {
        try (MockAdminClient admin = cluster(2, "2", "3")) {
            assertThatThrownBy(() -> new TransactionSupportCheck(admin, TIMEOUT).check("preparing"))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageStartingWith("exactly.once.source.support=preparing needs Kafka transactions")
                    .hasMessageContaining("transaction.state.log.replication.factor=2 and transaction.state.log.min.isr=3"
                            + ", and the cluster has 2 brokers");
        }
    }

    @Test
    void enoughBrokersPass() throws Exception {
        try (MockAdminClient admin = cluster(3, "3", "2")) {
            assertThatCode(() -> new TransactionSupportCheck(admin, TIMEOUT).check("enabled")).doesNotThrowAnyException();
        }
    }

    @Test
    void anExistingTransactionStateTopicMeansTransactionsRun() throws Exception {
        try (MockAdminClient admin = cluster(1, "3", "2")) {
            Node broker = admin.brokers().get(0);
            admin.addTopic(true, TransactionSupportCheck.TRANSACTION_STATE_TOPIC,
                    List.of(new TopicPartitionInfo(0, broker, List.of(broker), List.of(broker))), Map.of());
            assertThatCode(() -> new TransactionSupportCheck(admin, TIMEOUT).check("enabled")).doesNotThrowAnyException();
        }
    }

    @Test
    void aWorkerNotAllowedToDescribeTheBrokersConfigsStartsWithoutTheCheck() {
        try (MockAdminClient admin = new MockAdminClient() {
            @Override
            public synchronized DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources,
                                                                      DescribeConfigsOptions options) {
                Map<ConfigResource, KafkaFuture<org.apache.kafka.clients.admin.Config>> results = new HashMap<>();
                resources.forEach(r -> {
                    KafkaFutureImpl<org.apache.kafka.clients.admin.Config> denied = new KafkaFutureImpl<>();
                    denied.completeExceptionally(new ClusterAuthorizationException("not authorized"));
                    results.put(r, denied);
                });
                return new DescribeConfigsResult(results) {
                };
            }
        }) {
            assertThatCode(() -> new TransactionSupportCheck(admin, TIMEOUT).check("enabled")).doesNotThrowAnyException();
        }
    }
}
