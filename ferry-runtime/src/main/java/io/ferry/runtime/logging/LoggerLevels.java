package io.ferry.runtime.logging;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker's log levels, read and changed at run time ({@code /admin/loggers}, KIP-495). Changing a logger changes
 * its descendants too; the time of the last change of each logger is kept.
 */
public final class LoggerLevels {

    public static final String ROOT = "root";
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LoggerLevels.class);

    private final Map<String, Long> lastModified = new ConcurrentHashMap<>();

    /** A logger's level and when it was last changed through the API (null: never). */
    @JsonPropertyOrder({"level", "last_modified"})
    public record LoggerLevel(@JsonProperty("level") String level, @JsonProperty("last_modified") Long lastModified) {
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }

    private static boolean isRoot(String name) {
        return ROOT.equals(name) || LogManager.ROOT_LOGGER_NAME.equals(name);
    }

    private static String displayName(Logger logger) {
        return logger.getName().isEmpty() ? ROOT : logger.getName();
    }

    /** Every logger that exists or is configured, by name; loggers turned OFF are left out. */
    public Map<String, LoggerLevel> all() {
        Map<String, LoggerLevel> result = new TreeMap<>();
        for (Logger logger : current().values()) {
            if (!Level.OFF.equals(logger.getLevel())) {
                result.put(displayName(logger), describe(logger));
            }
        }
        return result;
    }

    /** The level of one existing logger, or null when there is none of that name. */
    public LoggerLevel level(String name) {
        if (isRoot(name)) {
            return describe(context().getRootLogger());
        }
        Logger logger = current().get(name);
        return logger == null ? null : describe(logger);
    }

    public static boolean isValidLevel(String level) {
        return level != null && !level.isEmpty() && Level.getLevel(level.trim().toUpperCase(java.util.Locale.ROOT)) != null;
    }

    /** Sets the level of a logger and all its descendants; returns the names of those whose level changed. */
    public List<String> setLevel(String namespace, String level) {
        String name = isRoot(namespace) ? LogManager.ROOT_LOGGER_NAME : namespace;
        Level newLevel = Level.getLevel(level.trim().toUpperCase(java.util.Locale.ROOT));
        log.info("Setting the level of logger {} and its descendants to {}", isRoot(namespace) ? ROOT : namespace, newLevel);
        Map<String, LoggerLevel> before = all();
        List<Logger> affected = new ArrayList<>();
        boolean present = false;
        for (Logger logger : current().values()) {
            if (name.isEmpty() || logger.getName().equals(name) || logger.getName().startsWith(name + ".")) {
                affected.add(logger);
                present |= logger.getName().equals(name);
            }
        }
        if (!present) {
            affected.add(context().getLogger(name));
        }
        Configurator.setAllLevels(name, newLevel);
        long now = System.currentTimeMillis();
        List<String> changed = new ArrayList<>();
        for (Logger logger : affected) {
            String display = displayName(logger);
            LoggerLevel previous = before.get(display);
            if (previous == null || !previous.level().equalsIgnoreCase(logger.getLevel().name())) {
                lastModified.put(display, now);
                changed.add(display);
            }
        }
        Collections.sort(changed);
        return changed;
    }

    private LoggerLevel describe(Logger logger) {
        return new LoggerLevel(logger.getLevel().name(), lastModified.get(displayName(logger)));
    }

    private static Map<String, Logger> current() {
        LoggerContext context = context();
        Map<String, Logger> loggers = new HashMap<>();
        context.getConfiguration().getLoggers().keySet().forEach(name -> loggers.put(name, context.getLogger(name)));
        context.getLoggers().forEach(logger -> loggers.put(logger.getName(), logger));
        return loggers;
    }
}
