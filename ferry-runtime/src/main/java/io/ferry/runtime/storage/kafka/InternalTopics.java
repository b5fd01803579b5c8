package io.ferry.runtime.storage.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the internal topics a distributed worker keeps its state in, and refuses to use one that is not compacted:
 * with deletion by age, connector configs and offsets would silently disappear.
 */
public final class InternalTopics {

    private static final Logger log = LoggerFactory.getLogger(InternalTopics.class);
    private static final long TIMEOUT_MS = 60_000;

    private final Admin admin;

    public InternalTopics(Admin admin) {
        this.admin = admin;
    }

    /**
     * Makes sure the topic exists and is compacted. {@code replicationFactor} null (or -1) uses the broker's default.
     */
    public void ensure(String topic, String purpose, int partitions, Short replicationFactor, Map<String, String> settings) {
        try {
            if (!admin.listTopics().names().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).contains(topic)) {
                create(topic, purpose, partitions, replicationFactor, settings);
            }
            verifyCompacted(topic, purpose);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while preparing topic " + topic);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new ConnectException("Could not prepare the " + purpose + " topic '" + topic + "': " + cause(e), e);
        }
    }

    private void create(String topic, String purpose, int partitions, Short replicationFactor, Map<String, String> settings)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Map<String, String> configs = new HashMap<>(settings);
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Optional<Short> rf = replicationFactor == null || replicationFactor == -1 ? Optional.empty()
                : Optional.of(replicationFactor);
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), rf).configs(configs);
        try {
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            log.info("Created {} topic '{}' with {} partition(s), replication factor {}", purpose, topic, partitions,
                    rf.map(String::valueOf).orElse("of the broker default"));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            log.debug("Topic {} was created meanwhile by another worker", topic);
        }
    }

    private void verifyCompacted(String topic, String purpose)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = null;
        long deadline = System.currentTimeMillis() + TIMEOUT_MS;
        while (config == null) {
            try {
                config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).get(resource);
            } catch (ExecutionException e) {
                // A topic just created may not be known to every broker yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? ""
                : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        boolean compacted = false;
        for (String p : policy.split(",")) {
            if (p.trim().equalsIgnoreCase(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                compacted = true;
            }
        }
        if (!compacted || policy.toLowerCase().contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new ConnectException("Topic '" + topic + "' supplied as the " + purpose + " topic has cleanup.policy="
                    + policy + ", but it must be compacted (cleanup.policy=compact) or the worker would lose its "
                    + purpose + " data. Change the topic's cleanup.policy to compact, or configure a different topic.");
        }
    }

    private static String cause(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return t.getMessage() == null || t.getMessage().isBlank() ? t.toString() : t.getMessage();
    }
}
