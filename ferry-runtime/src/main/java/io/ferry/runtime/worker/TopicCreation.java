package io.ferry.runtime.worker;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Creates the topics a source connector writes to (KIP-158), with the settings of the first
 * {@code topic.creation.<group>} whose include/exclude patterns match, or of {@code topic.creation.default}.
 */
public final class TopicCreation {

    private static final Logger log = LoggerFactory.getLogger(TopicCreation.class);
    public static final String PREFIX = "topic.creation.";
    public static final String DEFAULT_GROUP = "default";

    private final List<Group> groups;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    private TopicCreation(List<Group> groups) {
        this.groups = groups;
    }

    /** The connector's topic creation rules, or null when it does not use topic creation. */
    public static TopicCreation fromConfig(boolean workerEnabled, Map<String, String> config) {
        if (!workerEnabled || !usesTopicCreation(config)) {
            return null;
        }
        List<Group> groups = new ArrayList<>();
        for (String name : Transformations.aliases(config.get(PREFIX + "groups"))) {
            if (!name.equals(DEFAULT_GROUP)) {
                groups.add(group(name, config, false));
            }
        }
        groups.add(group(DEFAULT_GROUP, config, true));
        return new TopicCreation(groups);
    }

    public static boolean usesTopicCreation(Map<String, String> config) {
        return config.keySet().stream().anyMatch(k -> k.startsWith(PREFIX + DEFAULT_GROUP + "."));
    }

    /** Problems with the rules, keyed by config name; empty when they are valid. */
    public static Map<String, String> problems(Map<String, String> config) {
        Map<String, String> problems = new HashMap<>();
        if (!usesTopicCreation(config)) {
            return problems;
        }
        List<String> names = new ArrayList<>(Transformations.aliases(config.get(PREFIX + "groups")));
        names.add(DEFAULT_GROUP);
        for (String name : names) {
            boolean isDefault = name.equals(DEFAULT_GROUP);
            for (String setting : List.of("replication.factor", "partitions")) {
                String key = PREFIX + name + "." + setting;
                String value = config.get(key);
                if (value == null) {
                    if (isDefault) {
                        problems.put(key, "Missing required configuration \"" + key + "\" which has no default value.");
                    }
                    continue;
                }
                try {
                    int n = Integer.parseInt(value.trim());
                    if (n < 1 && n != -1) {
                        problems.put(key, "Invalid value " + value + " for configuration " + key
                                + ": Value must be -1 (the broker's default) or at least 1");
                    }
                } catch (NumberFormatException e) {
                    problems.put(key, "Invalid value " + value + " for configuration " + key + ": Not a number");
                }
            }
            for (String setting : List.of("include", "exclude")) {
                String key = PREFIX + name + "." + setting;
                for (String regex : Transformations.aliases(config.get(key))) {
                    try {
                        Pattern.compile(regex);
                    } catch (RuntimeException e) {
                        problems.put(key, "Invalid regex '" + regex + "' in " + key + ": " + e.getMessage());
                    }
                }
            }
        }
        return problems;
    }

    private static Group group(String name, Map<String, String> config, boolean isDefault) {
        String prefix = PREFIX + name + ".";
        Map<String, String> settings = Transformations.withPrefix(config, prefix);
        List<Pattern> include = patterns(settings.remove("include"), isDefault ? ".*" : "");
        List<Pattern> exclude = patterns(settings.remove("exclude"), "");
        int partitions = Integer.parseInt(settings.getOrDefault("partitions", "-1").trim());
        short replication = Short.parseShort(settings.getOrDefault("replication.factor", "-1").trim());
        settings.remove("partitions");
        settings.remove("replication.factor");
        return new Group(name, include, exclude, partitions, replication, settings);
    }

    private static List<Pattern> patterns(String list, String fallback) {
        List<Pattern> result = new ArrayList<>();
        for (String regex : Transformations.aliases(list == null ? fallback : list)) {
            result.add(Pattern.compile(regex));
        }
        return result;
    }

    /** Creates the topic unless this task already made sure it exists. */
    public void ensureTopic(Admin admin, String topic) {
        if (known.contains(topic)) {
            return;
        }
        Group group = groups.stream().filter(g -> g.matches(topic)).findFirst().orElse(groups.get(groups.size() - 1));
        NewTopic newTopic = new NewTopic(topic,
                group.partitions() < 1 ? Optional.empty() : Optional.of(group.partitions()),
                group.replication() < 1 ? Optional.empty() : Optional.of(group.replication()))
                .configs(group.topicConfigs());
        try {
            admin.createTopics(Collections.singleton(newTopic)).all().get(60, TimeUnit.SECONDS);
            log.info("Created topic {} with the settings of topic creation group '{}'", topic, group.name());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new ConnectException("Could not create topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new ConnectException("Timed out creating topic " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while creating topic " + topic, e);
        }
        known.add(topic);
    }

    record Group(String name, List<Pattern> include, List<Pattern> exclude, int partitions, short replication,
                 Map<String, String> topicConfigs) {
        boolean matches(String topic) {
            return include.stream().anyMatch(p -> p.matcher(topic).matches())
                    && exclude.stream().noneMatch(p -> p.matcher(topic).matches());
        }
    }
}
