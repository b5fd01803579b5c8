package io.ferry.runtime.cluster;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.worker.MissingPluginException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * When FAILED work is restarted automatically: the worker's {@code auto.restart.*} settings, or a connector's own,
 * the backoff between attempts, and which failures a restart cannot heal.
 *
 * @param maxAttempts restarts in a row before giving up; -1 for no limit
 */
public record AutoRestartPolicy(boolean enabled, long initialDelayMs, long maxDelayMs, int maxAttempts,
                                long resetAfterMs) {

    /** Each delay is varied by up to this fraction either way, so work that failed together does not restart together. */
    public static final double JITTER = 0.2;
    private static final ConfigDef DEF = WorkerConfig.autoRestartConfigDef();

    /** The defaults of the worker keys. */
    public static final AutoRestartPolicy DEFAULT = of(DEF.parse(Map.of()));

    /** The worker's settings. */
    public static AutoRestartPolicy from(AbstractConfig workerConfig) {
        Map<String, Object> values = new HashMap<>();
        DEF.names().forEach(name -> values.put(name, workerConfig.values().get(name)));
        return of(values);
    }

    private static AutoRestartPolicy of(Map<String, Object> values) {
        return new AutoRestartPolicy((Boolean) values.get(WorkerConfig.AUTO_RESTART_ENABLE_CONFIG),
                (Long) values.get(WorkerConfig.AUTO_RESTART_INITIAL_DELAY_MS_CONFIG),
                (Long) values.get(WorkerConfig.AUTO_RESTART_MAX_DELAY_MS_CONFIG),
                (Integer) values.get(WorkerConfig.AUTO_RESTART_MAX_ATTEMPTS_CONFIG),
                (Long) values.get(WorkerConfig.AUTO_RESTART_RESET_AFTER_MS_CONFIG));
    }

    /**
     * These settings with the ones a connector's config sets in their place. Throws {@link ConfigException} for a
     * value that is not valid (validation refuses such configs before they are stored).
     */
    public AutoRestartPolicy overriddenBy(Map<String, String> connectorConfig) {
        if (connectorConfig == null || DEF.names().stream().noneMatch(connectorConfig::containsKey)) {
            return this;
        }
        Map<String, Object> merged = new HashMap<>();
        merged.put(WorkerConfig.AUTO_RESTART_ENABLE_CONFIG, enabled);
        merged.put(WorkerConfig.AUTO_RESTART_INITIAL_DELAY_MS_CONFIG, initialDelayMs);
        merged.put(WorkerConfig.AUTO_RESTART_MAX_DELAY_MS_CONFIG, maxDelayMs);
        merged.put(WorkerConfig.AUTO_RESTART_MAX_ATTEMPTS_CONFIG, maxAttempts);
        merged.put(WorkerConfig.AUTO_RESTART_RESET_AFTER_MS_CONFIG, resetAfterMs);
        DEF.names().stream().filter(connectorConfig::containsKey).forEach(k -> merged.put(k, connectorConfig.get(k)));
        return of(DEF.parse(merged));
    }

    /** The problems of the {@code auto.restart.*} values a connector config sets, by key: what validation reports. */
    public static Map<String, String> problems(Map<String, String> connectorConfig) {
        Map<String, String> problems = new HashMap<>();
        for (String key : DEF.names()) {
            if (connectorConfig.containsKey(key)) {
                try {
                    DEF.parse(Map.of(key, String.valueOf(connectorConfig.get(key))));
                } catch (ConfigException e) {
                    problems.put(key, e.getMessage());
                }
            }
        }
        return problems;
    }

    /**
     * The wait before restart number {@code attempt + 1}: the initial delay doubled for each earlier attempt, at most
     * the maximum, then varied by up to {@link #JITTER} either way; never less than
     * {@link WorkerConfig#AUTO_RESTART_MIN_DELAY_MS}, so failing work is never restarted in a tight loop.
     */
    public long delayMs(int attempt, Random random) {
        double base = Math.min((double) maxDelayMs, initialDelayMs * Math.pow(2, Math.min(attempt, 62)));
        double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
        return Math.max(WorkerConfig.AUTO_RESTART_MIN_DELAY_MS, Math.round(base * factor));
    }

    /**
     * Why restarting cannot fix this failure, or null when it may: a config that does not validate, a connector or
     * task class that cannot be found or loaded, no plugin matching the config. These stay FAILED until the config
     * changes or someone restarts them, instead of failing again every few minutes for ever. An unresolvable
     * {@code bootstrap.servers} host is an exception: DNS often heals by itself.
     */
    public static String unhealable(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof MissingPluginException) {
                return "no installed plugin matches the connector's config";
            }
            if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                return "a class cannot be found: " + t.getMessage();
            }
            if (t instanceof ConfigException && !String.valueOf(t.getMessage()).contains("No resolvable bootstrap urls")) {
                return "the configuration is invalid: " + t.getMessage();
            }
        }
        return null;
    }
}
