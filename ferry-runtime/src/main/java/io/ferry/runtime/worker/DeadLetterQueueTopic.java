package io.ferry.runtime.worker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Creates a sink connector's dead letter queue topic when it does not exist yet. */
final class DeadLetterQueueTopic {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterQueueTopic.class);

    private DeadLetterQueueTopic() {
    }

    /**
     * Creates the topic with one partition. A replication factor larger than the cluster (the default of 3 on a
     * single-broker cluster) is lowered to the number of brokers, with a warning, instead of failing the task.
     */
    static void ensure(Admin admin, String topic, short replicationFactor) {
        try {
            if (admin.listTopics().names().get(60, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            short replicas = replicationFactor;
            if (replicas > 0) {
                int brokers = admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size();
                if (brokers > 0 && replicas > brokers) {
                    log.warn("The dead letter queue topic {} asks for replication factor {} but the cluster has {} "
                            + "broker(s); creating it with replication factor {}", topic, replicas, brokers, brokers);
                    replicas = (short) brokers;
                }
            }
            NewTopic newTopic = replicas > 0 ? new NewTopic(topic, 1, replicas)
                    : new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty());
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
            log.info("Created dead letter queue topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("Could not create dead letter queue topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ConnectException("Timed out creating dead letter queue topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating dead letter queue topic " + topic, e);
        }
    }
}
