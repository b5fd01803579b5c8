package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Whether the Kafka cluster can run transactions at all, checked when a distributed worker with exactly-once source
 * support starts. The usual reason it cannot is a cluster with fewer brokers than the brokers'
 * {@code transaction.state.log.replication.factor} (3 by default): the transaction state topic is then never created,
 * no transaction coordinator becomes available, and every transactional producer waits in {@code initTransactions()}
 * for ever. Failing the start with the settings found and the ways out is clearer than tasks that hang.
 * <p>
 * Once the transaction state topic exists the cluster has run transactions, and nothing more is checked. A principal
 * not allowed to describe the cluster's configs gets no check (a warning says so): transactions may well work.
 */
public final class TransactionSupportCheck {

    private static final Logger log = LoggerFactory.getLogger(TransactionSupportCheck.class);

    static final String TRANSACTION_STATE_TOPIC = "__transaction_state";
    static final String REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    static final String MIN_ISR = "transaction.state.log.min.isr";

    private final Admin admin;
    private final Duration timeout;

    public TransactionSupportCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /**
     * @param supportSetting the worker's {@code exactly.once.source.support} ({@code enabled} or {@code preparing}),
     *                       named in the message
     * @throws ConnectException when the brokers' settings leave no way to create the transaction state topic
     */
    public void check(String supportSetting) {
        try {
            if (transactionStateTopicExists()) {
                return;
            }
            Collection<Node> brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (brokers.isEmpty()) {
                return;
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokers.iterator().next().idString());
            Config config = admin.describeConfigs(List.of(broker)).all()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(broker);
            Integer replicationFactor = intValue(config, REPLICATION_FACTOR);
            Integer minIsr = intValue(config, MIN_ISR);
            if (replicationFactor == null || minIsr == null) {
                return;
            }
            if (replicationFactor > brokers.size() || minIsr > Math.min(replicationFactor, brokers.size())) {
                throw new ConnectException(message(supportSetting, replicationFactor, minIsr, brokers.size()));
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthorizationException) {
                log.warn("Could not check whether the Kafka cluster can run the transactions that "
                        + "exactly.once.source.support={} needs: {}. If this worker's tasks or leader then wait for ever "
                        + "to initialize their transactions, check the brokers' {} and {} against the number of brokers",
                        supportSetting, e.getCause().getMessage(), REPLICATION_FACTOR, MIN_ISR);
            } else {
                log.warn("Could not check whether the Kafka cluster can run transactions: {}", e.getCause().toString());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("Could not check whether the Kafka cluster can run transactions: no answer within {} ms",
                    timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while checking whether the Kafka cluster can run transactions");
        }
    }

    private boolean transactionStateTopicExists()
            throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        try {
            admin.describeTopics(List.of(TRANSACTION_STATE_TOPIC)).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            // Missing (UnknownTopicOrPartitionException), or not ours to describe: the brokers' settings still tell.
            return false;
        }
    }

    private static Integer intValue(Config config, String name) {
        ConfigEntry entry = config == null ? null : config.get(name);
        if (entry == null || entry.value() == null) {
            return null;
        }
        try {
            return Integer.valueOf(entry.value().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static String message(String supportSetting, int replicationFactor, int minIsr, int brokers) {
        int most = Math.min(3, brokers);
        return "exactly.once.source.support=" + supportSetting + " needs Kafka transactions, but this Kafka cluster "
                + "cannot run them: its brokers have " + REPLICATION_FACTOR + "=" + replicationFactor + " and " + MIN_ISR
                + "=" + minIsr + ", and the cluster has " + brokers + " broker" + (brokers == 1 ? "" : "s")
                + ", so the transaction state topic " + TRANSACTION_STATE_TOPIC + " cannot be created and no "
                + "transaction can start. Either set " + REPLICATION_FACTOR + " on the brokers to at most " + brokers
                + " (and " + MIN_ISR + " to at most that), for example " + REPLICATION_FACTOR + "=" + most + " and "
                + MIN_ISR + "=" + Math.min(minIsr, most) + ", or set exactly.once.source.support=disabled on the workers.";
    }
}
