package io.ferry.embedded.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Apache Kafka cluster (KRaft mode) running inside this JVM, on 127.0.0.1 only. One broker runs as a combined
 * broker and controller; several brokers get a dedicated controller, so any broker can be stopped and started again.
 * Ports and data are kept across restarts, so clients reconnect to the same addresses.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final int CONTROLLER_NODE_ID = 3000;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final int brokerCount;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private final Map<String, String> overrides;
    private final String clusterId = Uuid.randomUuid().toString();
    private final List<Node> brokers = new ArrayList<>();
    private Node controller;
    private Admin admin;

    private EmbeddedKafkaCluster(Builder builder) {
        this.brokerCount = builder.brokers;
        this.ownsDataDir = builder.dataDir == null;
        try {
            this.dataDir = builder.dataDir != null ? builder.dataDir : Files.createTempDirectory("ferry-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.overrides = new HashMap<>(builder.overrides);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings of a cluster to build. */
    public static final class Builder {
        private int brokers = 1;
        private Path dataDir;
        private final Map<String, String> overrides = new HashMap<>();

        public Builder brokers(int brokers) {
            if (brokers < 1) {
                throw new IllegalArgumentException("A cluster needs at least one broker");
            }
            this.brokers = brokers;
            return this;
        }

        /** Where the brokers keep their data; by default a temporary directory deleted on close. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** A broker setting applied to every broker. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public EmbeddedKafkaCluster build() {
            return new EmbeddedKafkaCluster(this);
        }
    }

    /** One server process of the cluster: its identity, ports and data directory outlive restarts. */
    private final class Node {
        final int id;
        final boolean broker;
        final boolean controller;
        final int brokerPort;
        final int controllerPort;
        final Path logDir;
        KafkaRaftServer server;

        Node(int id, boolean broker, boolean controller) {
            this.id = id;
            this.broker = broker;
            this.controller = controller;
            this.brokerPort = broker ? freePort() : -1;
            this.controllerPort = controller ? freePort() : -1;
            this.logDir = dataDir.resolve("node-" + id);
        }

        Properties config(String quorumVoters) {
            Properties p = new Properties();
            List<String> roles = new ArrayList<>();
            List<String> listeners = new ArrayList<>();
            if (broker) {
                roles.add("broker");
                listeners.add("PLAINTEXT://127.0.0.1:" + brokerPort);
                p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
                p.put("inter.broker.listener.name", "PLAINTEXT");
            }
            if (controller) {
                roles.add("controller");
                listeners.add("CONTROLLER://127.0.0.1:" + controllerPort);
            }
            p.put("process.roles", String.join(",", roles));
            p.put("node.id", String.valueOf(id));
            p.put("listeners", String.join(",", listeners));
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("controller.quorum.voters", quorumVoters);
            p.put("log.dirs", logDir.toString());
            p.put("metadata.log.dir", logDir.toString());
            short replication = (short) Math.min(brokerCount, 3);
            p.put("offsets.topic.replication.factor", String.valueOf(replication));
            p.put("offsets.topic.num.partitions", "5");
            p.put("transaction.state.log.replication.factor", String.valueOf(replication));
            p.put("transaction.state.log.min.isr", "1");
            p.put("share.coordinator.state.topic.replication.factor", String.valueOf(replication));
            p.put("share.coordinator.state.topic.min.isr", "1");
            p.put("default.replication.factor", String.valueOf(replication));
            p.put("min.insync.replicas", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("auto.create.topics.enable", "true");
            p.put("num.partitions", "1");
            p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
            p.put("unclean.leader.election.enable", "true");
            p.put("controlled.shutdown.enable", String.valueOf(brokerCount > 1));
            p.putAll(overrides);
            return p;
        }

        void format(String quorumVoters) throws Exception {
            if (Files.exists(logDir.resolve("meta.properties"))) {
                return;
            }
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(id)
                    .setClusterId(clusterId)
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName("CONTROLLER")
                    .setIgnoreFormatted(true)
                    .run();
        }

        void start(String quorumVoters) {
            if (server != null) {
                return;
            }
            try {
                format(quorumVoters);
            } catch (Exception e) {
                throw new IllegalStateException("Could not format the storage of Kafka node " + id + ": " + e, e);
            }
            server = new KafkaRaftServer(new KafkaConfig(config(quorumVoters), false), Time.SYSTEM);
            server.startup();
        }

        void stop() {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
                server = null;
            }
        }
    }

    private String quorumVoters() {
        return controller.id + "@127.0.0.1:" + controller.controllerPort;
    }

    /** Formats the storage if needed and starts every node; returns once clients can use the cluster. */
    public synchronized void start() {
        long begin = System.nanoTime();
        if (controller == null) {
            if (brokerCount == 1) {
                controller = new Node(1, true, true);
                brokers.add(controller);
            } else {
                controller = new Node(CONTROLLER_NODE_ID, false, true);
                for (int i = 0; i < brokerCount; i++) {
                    brokers.add(new Node(i + 1, true, false));
                }
            }
        }
        String voters = quorumVoters();
        controller.start(voters);
        for (Node broker : brokers) {
            broker.start(voters);
        }
        awaitBrokers(brokerCount);
        log.info("Kafka cluster {} with {} broker(s) ready at {} in {} ms", clusterId, brokerCount, bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    private void awaitBrokers(int expected) {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                int live = admin().describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                if (live >= expected) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            pause(100);
        }
        throw new IllegalStateException("Kafka brokers did not become available within " + STARTUP_TIMEOUT, last);
    }

    /** Comma-separated addresses of all brokers, running or not. */
    public String bootstrapServers() {
        return brokers.stream().map(b -> "127.0.0.1:" + b.brokerPort).collect(Collectors.joining(","));
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops one broker (index from 0); its port and data are kept. */
    public synchronized void stopBroker(int index) {
        Node broker = brokers.get(index);
        if (broker == controller && brokerCount > 1) {
            throw new IllegalStateException("The controller node cannot be stopped alone");
        }
        broker.stop();
    }

    /** Starts a stopped broker again on the same port with the same data. */
    public synchronized void startBroker(int index) {
        brokers.get(index).start(quorumVoters());
    }

    /** Stops every node and starts them again on the same ports and data. */
    public synchronized void restart() {
        stopAll();
        start();
    }

    private void stopAll() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
        for (int i = brokers.size() - 1; i >= 0; i--) {
            if (brokers.get(i) != controller) {
                brokers.get(i).stop();
            }
        }
        if (controller != null) {
            controller.stop();
        }
    }

    /** A shared admin client, closed with the cluster. */
    public synchronized Admin admin() {
        if (admin == null) {
            Map<String, Object> props = new HashMap<>();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            admin = Admin.create(props);
        }
        return admin;
    }

    /** Creates a topic (an existing one is left as it is) and waits until it has a leader for every partition. */
    public void createTopic(String name, int partitions, short replication) {
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, replication))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topic " + name, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                var description = admin().describeTopics(List.of(name)).allTopicNames().get(5, TimeUnit.SECONDS).get(name);
                if (description.partitions().size() == partitions
                        && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                    return;
                }
            } catch (Exception e) {
                // not visible yet
            }
            pause(50);
        }
        throw new IllegalStateException("Topic " + name + " has no leaders after 30 s");
    }

    /** Sends one record and waits for the acknowledgement. */
    public void produce(String topic, String key, String value) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not produce to " + topic, e);
        }
    }

    /** A consumer of raw bytes in no group, for reading topics as they are. */
    private KafkaConsumer<byte[], byte[]> bytesConsumer() {
        return bytesConsumer(false);
    }

    /** @param committedOnly whether the consumer reads {@code read_committed}: records of committed transactions only */
    private KafkaConsumer<byte[], byte[]> bytesConsumer(boolean committedOnly) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committedOnly ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props);
    }

    /** Every record in a topic now, from its beginning to its current end; none when the topic does not exist. */
    public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return readAll(topic, false);
    }

    /**
     * What a {@code read_committed} consumer sees in a topic now: the records of committed transactions (and those
     * written outside transactions), up to the last stable offset; none when the topic does not exist.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        return readAll(topic, true);
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, boolean committedOnly) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer(committedOnly)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(5))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Reads a topic from the beginning until at least {@code minRecords} arrived or the time is up; in that case
     * it fails, saying how many records it saw.
     */
    public List<ConsumerRecord<byte[], byte[]>> consume(String topic, int minRecords, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                consumer.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                if (partitions.isEmpty()) {
                    pause(100);
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < minRecords && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        if (records.size() < minRecords) {
            throw new IllegalStateException("Expected at least " + minRecords + " records in " + topic + " within "
                    + timeout + " but found " + records.size());
        }
        return records;
    }

    @Override
    public synchronized void close() {
        stopAll();
        if (ownsDataDir) {
            try {
                Utils.delete(dataDir.toFile());
            } catch (IOException e) {
                log.warn("Could not delete {}: {}", dataDir, e.toString());
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
