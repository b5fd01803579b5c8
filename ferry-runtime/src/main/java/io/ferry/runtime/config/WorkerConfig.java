package io.ferry.runtime.config;

import org.apache.kafka.clients.ClientDnsLookup;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings shared by standalone and distributed workers, with Apache Kafka Connect's names and defaults.
 * Converters default to JsonConverter when absent (Apache requires them), so a three-line worker file works.
 */
public class WorkerConfig extends AbstractConfig {

    public static final String BOOTSTRAP_SERVERS_CONFIG = CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG;
    public static final String KEY_CONVERTER_CLASS_CONFIG = "key.converter";
    public static final String VALUE_CONVERTER_CLASS_CONFIG = "value.converter";
    public static final String HEADER_CONVERTER_CLASS_CONFIG = "header.converter";
    public static final String KEY_CONVERTER_VERSION_CONFIG = "key.converter.plugin.version";
    public static final String VALUE_CONVERTER_VERSION_CONFIG = "value.converter.plugin.version";
    public static final String HEADER_CONVERTER_VERSION_CONFIG = "header.converter.plugin.version";
    public static final String TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_CONFIG = "task.shutdown.graceful.timeout.ms";
    public static final String OFFSET_COMMIT_INTERVAL_MS_CONFIG = "offset.flush.interval.ms";
    public static final String OFFSET_COMMIT_TIMEOUT_MS_CONFIG = "offset.flush.timeout.ms";
    public static final String PLUGIN_PATH_CONFIG = "plugin.path";
    public static final String PLUGIN_DISCOVERY_CONFIG = "plugin.discovery";
    public static final String CONFIG_PROVIDERS_CONFIG = "config.providers";
    public static final String CONNECTOR_CLIENT_POLICY_CLASS_CONFIG = "connector.client.config.override.policy";
    public static final String TOPIC_CREATION_ENABLE_CONFIG = "topic.creation.enable";
    public static final String TOPIC_TRACKING_ENABLE_CONFIG = "topic.tracking.enable";
    public static final String TOPIC_TRACKING_ALLOW_RESET_CONFIG = "topic.tracking.allow.reset";
    public static final String LISTENERS_CONFIG = "listeners";
    public static final String REST_ADVERTISED_HOST_NAME_CONFIG = "rest.advertised.host.name";
    public static final String REST_ADVERTISED_PORT_CONFIG = "rest.advertised.port";
    public static final String REST_ADVERTISED_LISTENER_CONFIG = "rest.advertised.listener";
    public static final String ACCESS_CONTROL_ALLOW_ORIGIN_CONFIG = "access.control.allow.origin";
    public static final String ACCESS_CONTROL_ALLOW_METHODS_CONFIG = "access.control.allow.methods";
    public static final String RESPONSE_HTTP_HEADERS_CONFIG = "response.http.headers.config";
    public static final String REST_EXTENSION_CLASSES_CONFIG = "rest.extension.classes";
    public static final String ADMIN_LISTENERS_CONFIG = "admin.listeners";
    public static final String HEALTH_READY_FAIL_ON_FAILED_TASKS_CONFIG = "health.ready.fail.on.failed.tasks";
    private static final String HEALTH_READY_FAIL_ON_FAILED_TASKS_DOC = "Whether GET /health/ready answers 503 "
            + "(not_ready) while tasks running on this worker are FAILED, at least "
            + "health.ready.failed.tasks.threshold of them. Only this worker's own tasks count, so that one failed "
            + "task never takes every worker of a cluster out of rotation. Liveness (GET /health/live) never depends "
            + "on connectors or tasks.";
    public static final String HEALTH_READY_FAILED_TASKS_THRESHOLD_CONFIG = "health.ready.failed.tasks.threshold";
    private static final String HEALTH_READY_FAILED_TASKS_THRESHOLD_DOC = "With health.ready.fail.on.failed.tasks, "
            + "the number of FAILED tasks on this worker from which GET /health/ready answers 503 (not_ready).";
    public static final String REST_PASSWORD_MASKING_ENABLE_CONFIG = "rest.password.masking.enable";
    private static final String REST_PASSWORD_MASKING_ENABLE_DOC = "Whether the REST API shows the values of PASSWORD "
            + "keys of connector and task configs as [hidden], as validation does; a PUT or PATCH that sends [hidden] "
            + "back for such a key keeps the stored value. False shows them as Apache Kafka Connect does.";
    public static final String AUTO_RESTART_ENABLE_CONFIG = "auto.restart.enable";
    public static final String AUTO_RESTART_INITIAL_DELAY_MS_CONFIG = "auto.restart.initial.delay.ms";
    public static final String AUTO_RESTART_MAX_DELAY_MS_CONFIG = "auto.restart.max.delay.ms";
    public static final String AUTO_RESTART_MAX_ATTEMPTS_CONFIG = "auto.restart.max.attempts";
    public static final String AUTO_RESTART_RESET_AFTER_MS_CONFIG = "auto.restart.reset.after.ms";
    /** The shortest wait before an automatic restart, so that failing work is never restarted in a tight loop. */
    public static final long AUTO_RESTART_MIN_DELAY_MS = 1_000;

    public static final String DEFAULT_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    public static final String DEFAULT_HEADER_CONVERTER = "org.apache.kafka.connect.storage.SimpleHeaderConverter";

    private static final String CONVERTER_DOC = "Converter class (or alias) that turns Connect data into bytes and back. "
            + "Defaults to JsonConverter when not set.";

    /**
     * The automatic restart settings: worker keys that each connector may override in its own config, so they are
     * defined once here and parsed with this definition for both.
     */
    public static ConfigDef autoRestartConfigDef() {
        return defineAutoRestart(new ConfigDef());
    }

    private static ConfigDef defineAutoRestart(ConfigDef def) {
        return def
                .define(AUTO_RESTART_ENABLE_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM,
                        "Whether the worker restarts FAILED connectors and tasks by itself, with exponential backoff. "
                                + "Failures that a restart cannot fix (an invalid configuration, a missing plugin or "
                                + "class) are never restarted automatically. A connector's config may override it.")
                .define(AUTO_RESTART_INITIAL_DELAY_MS_CONFIG, Type.LONG, 30_000L,
                        ConfigDef.Range.atLeast(AUTO_RESTART_MIN_DELAY_MS), Importance.LOW,
                        "How long a FAILED connector or task stays FAILED before its first automatic restart; each "
                                + "further attempt waits twice as long, up to auto.restart.max.delay.ms, varied by up to "
                                + "20% either way, and never less than a second. A connector's config may override it.")
                .define(AUTO_RESTART_MAX_DELAY_MS_CONFIG, Type.LONG, 600_000L,
                        ConfigDef.Range.atLeast(AUTO_RESTART_MIN_DELAY_MS), Importance.LOW,
                        "The longest wait before an automatic restart (before the 20% variation). "
                                + "A connector's config may override it.")
                .define(AUTO_RESTART_MAX_ATTEMPTS_CONFIG, Type.INT, -1, ConfigDef.Range.atLeast(-1), Importance.LOW,
                        "How many automatic restarts a connector or task gets in a row before it stays FAILED until "
                                + "it is restarted through the REST API or its config changes; -1 for no limit. "
                                + "A connector's config may override it.")
                .define(AUTO_RESTART_RESET_AFTER_MS_CONFIG, Type.LONG, 600_000L, ConfigDef.Range.atLeast(0),
                        Importance.LOW, "How long a restarted connector or task must stay RUNNING before its count "
                                + "of automatic restarts starts again from zero. A connector's config may override it.");
    }

    public static ConfigDef baseConfigDef() {
        return RestSecurityConfig.define(defineAutoRestart(new ConfigDef()))
                .define(BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                        "Kafka brokers the worker connects to, as host:port pairs.")
                .define(CommonClientConfigs.CLIENT_DNS_LOOKUP_CONFIG, Type.STRING, ClientDnsLookup.USE_ALL_DNS_IPS.toString(),
                        ConfigDef.CaseInsensitiveValidString.in(ClientDnsLookup.USE_ALL_DNS_IPS.toString(),
                                ClientDnsLookup.RESOLVE_CANONICAL_BOOTSTRAP_SERVERS_ONLY.toString()),
                        Importance.MEDIUM, CommonClientConfigs.CLIENT_DNS_LOOKUP_DOC)
                .define(KEY_CONVERTER_CLASS_CONFIG, Type.STRING, DEFAULT_CONVERTER, Importance.HIGH, CONVERTER_DOC)
                .define(VALUE_CONVERTER_CLASS_CONFIG, Type.STRING, DEFAULT_CONVERTER, Importance.HIGH, CONVERTER_DOC)
                .define(HEADER_CONVERTER_CLASS_CONFIG, Type.STRING, DEFAULT_HEADER_CONVERTER, Importance.LOW,
                        "HeaderConverter class (or alias) for record headers.")
                .define(KEY_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW, "Version range of the key converter.")
                .define(VALUE_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW, "Version range of the value converter.")
                .define(HEADER_CONVERTER_VERSION_CONFIG, Type.STRING, null, Importance.LOW, "Version range of the header converter.")
                .define(TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_CONFIG, Type.LONG, 5000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Time to wait for tasks to stop gracefully before they are abandoned; shared by all tasks stopping together.")
                .define(OFFSET_COMMIT_INTERVAL_MS_CONFIG, Type.LONG, 60000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                        "How often tasks commit their offsets.")
                .define(OFFSET_COMMIT_TIMEOUT_MS_CONFIG, Type.LONG, 5000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "How long an offset flush may wait for outstanding records before it is cancelled and retried.")
                .define(PLUGIN_PATH_CONFIG, Type.LIST, null, Importance.LOW,
                        "Comma-separated directories that hold plugin directories, uber-jars or class hierarchies.")
                .define(PLUGIN_DISCOVERY_CONFIG, Type.STRING, "hybrid_warn",
                        ConfigDef.CaseInsensitiveValidString.in("only_scan", "hybrid_warn", "hybrid_fail", "service_load"),
                        Importance.LOW, "How plugins are found: class scanning, ServiceLoader manifests, or both.")
                .define(CONFIG_PROVIDERS_CONFIG, Type.LIST, "", Importance.LOW,
                        "Names of ConfigProviders; each needs config.providers.<name>.class.")
                .define(CONNECTOR_CLIENT_POLICY_CLASS_CONFIG, Type.STRING, "All", Importance.MEDIUM,
                        "Which client settings connectors may override: None, Principal, Allowlist, All, or a policy class.")
                .define(TOPIC_CREATION_ENABLE_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                        "Whether source connectors may create their topics (topic.creation.* in connector configs).")
                .define(TOPIC_TRACKING_ENABLE_CONFIG, Type.BOOLEAN, true, Importance.LOW, "Track the topics each connector uses.")
                .define(TOPIC_TRACKING_ALLOW_RESET_CONFIG, Type.BOOLEAN, true, Importance.LOW, "Allow resetting tracked topics.")
                .define(LISTENERS_CONFIG, Type.LIST, "http://:8083", Importance.LOW,
                        "REST listeners, e.g. http://127.0.0.1:8083,https://:8443.")
                .define(REST_ADVERTISED_HOST_NAME_CONFIG, Type.STRING, null, Importance.LOW, "Host name other workers and status use.")
                .define(REST_ADVERTISED_PORT_CONFIG, Type.INT, null, Importance.LOW, "Port other workers and status use.")
                .define(REST_ADVERTISED_LISTENER_CONFIG, Type.STRING, null, Importance.LOW, "Advertised scheme: http or https.")
                .define(ACCESS_CONTROL_ALLOW_ORIGIN_CONFIG, Type.STRING, "", Importance.LOW, "CORS allowed origins.")
                .define(ACCESS_CONTROL_ALLOW_METHODS_CONFIG, Type.STRING, "", Importance.LOW, "CORS allowed methods.")
                .define(RESPONSE_HTTP_HEADERS_CONFIG, Type.STRING, "", Importance.LOW, "Response header rules.")
                .define(REST_EXTENSION_CLASSES_CONFIG, Type.LIST, "", Importance.LOW, "ConnectRestExtension classes.")
                .define(ADMIN_LISTENERS_CONFIG, Type.LIST, null, Importance.LOW, "Listeners for /admin endpoints.")
                .define(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, Type.STRING, CommonClientConfigs.DEFAULT_SECURITY_PROTOCOL,
                        Importance.MEDIUM, CommonClientConfigs.SECURITY_PROTOCOL_DOC)
                .define("ssl.client.auth", Type.STRING, "none", Importance.LOW, "TLS client authentication for HTTPS listeners.")
                .define(CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_CONFIG, Type.LONG, 30000L, Importance.LOW,
                        CommonClientConfigs.METRICS_SAMPLE_WINDOW_MS_DOC)
                .define(CommonClientConfigs.METRICS_NUM_SAMPLES_CONFIG, Type.INT, 2, Importance.LOW,
                        CommonClientConfigs.METRICS_NUM_SAMPLES_DOC)
                .define(CommonClientConfigs.METRICS_RECORDING_LEVEL_CONFIG, Type.STRING, "INFO", Importance.LOW,
                        CommonClientConfigs.METRICS_RECORDING_LEVEL_DOC)
                .define(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, Type.LIST, "", Importance.LOW,
                        CommonClientConfigs.METRIC_REPORTER_CLASSES_DOC)
                .define(HEALTH_READY_FAIL_ON_FAILED_TASKS_CONFIG, Type.BOOLEAN, false, Importance.LOW,
                        HEALTH_READY_FAIL_ON_FAILED_TASKS_DOC)
                .define(HEALTH_READY_FAILED_TASKS_THRESHOLD_CONFIG, Type.INT, 1, ConfigDef.Range.atLeast(1),
                        Importance.LOW, HEALTH_READY_FAILED_TASKS_THRESHOLD_DOC)
                .define(REST_PASSWORD_MASKING_ENABLE_CONFIG, Type.BOOLEAN, true, Importance.LOW,
                        REST_PASSWORD_MASKING_ENABLE_DOC);
    }

    protected WorkerConfig(ConfigDef def, Map<String, String> props) {
        super(def, props, false);
        if (getList(BOOTSTRAP_SERVERS_CONFIG).isEmpty()) {
            throw new ConfigException(BOOTSTRAP_SERVERS_CONFIG, "", "at least one broker address is required");
        }
    }

    public List<String> pluginPath() {
        List<String> path = getList(PLUGIN_PATH_CONFIG);
        return path == null ? List.of() : path;
    }

    /** The worker properties exactly as given, as strings (what client configs and providers are built from). */
    public Map<String, String> originalStrings() {
        Map<String, String> result = new HashMap<>();
        originals().forEach((k, v) -> result.put(k, v == null ? null : String.valueOf(v)));
        return result;
    }

    public String bootstrapServers() {
        return String.join(",", getList(BOOTSTRAP_SERVERS_CONFIG));
    }
}
