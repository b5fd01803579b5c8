package io.ferry.runtime.config;

import org.apache.kafka.common.config.ConfigException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What one config provider may read. Apache's file and directory providers read any file the worker can read unless
 * {@code allowed.paths} is set, and its environment provider reads every variable unless {@code allowlist.pattern} is
 * set; anyone allowed to submit a connector config could then have a connector read them. So Ferry refuses their
 * placeholders until those params say what may be read, and checks each placeholder before the provider is called, so
 * that a refusal is an error naming the key to set instead of a placeholder silently left unresolved.
 */
public abstract class ProviderAccess {

    static final String FILE_PROVIDER = "org.apache.kafka.common.config.provider.FileConfigProvider";
    static final String DIRECTORY_PROVIDER = "org.apache.kafka.common.config.provider.DirectoryConfigProvider";
    static final String ENV_PROVIDER = "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
    static final String ALLOWED_PATHS_PARAM = "allowed.paths";
    static final String ALLOWLIST_PATTERN_PARAM = "allowlist.pattern";

    /** A provider Ferry knows nothing about: it decides itself what it reads. */
    public static final ProviderAccess UNRESTRICTED = new ProviderAccess() {
        @Override
        String refusal(String path, String variable) {
            return null;
        }
    };

    /**
     * Why the placeholder's {@code path} (and {@code variable}) may not be read, or null when it may.
     * The reason never contains anything the provider would have read.
     */
    abstract String refusal(String path, String variable);

    /** Throws the refusal of a placeholder of {@code configKey}, if any. */
    void check(String placeholder, String path, String variable, String configKey) {
        String refusal = refusal(path, variable);
        if (refusal != null) {
            throw new ConfigException("The value of " + configKey + " may not use " + placeholder + ": " + refusal);
        }
    }

    /** The access rule of the provider named {@code name}, of the given class, configured with {@code params}. */
    public static ProviderAccess of(String name, Class<?> providerClass, Map<String, String> params) {
        String paramPrefix = WorkerConfig.CONFIG_PROVIDERS_CONFIG + "." + name + ".param.";
        if (isA(providerClass, FILE_PROVIDER) || isA(providerClass, DIRECTORY_PROVIDER)) {
            return new Paths(paramPrefix + ALLOWED_PATHS_PARAM, params.get(ALLOWED_PATHS_PARAM));
        }
        if (isA(providerClass, ENV_PROVIDER)) {
            return new EnvironmentVariables(paramPrefix + ALLOWLIST_PATTERN_PARAM, params.get(ALLOWLIST_PATTERN_PARAM));
        }
        return UNRESTRICTED;
    }

    /** Whether the class is, or extends, the named class (the provider may come from a plugin's own loader). */
    private static boolean isA(Class<?> type, String className) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(className)) {
                return true;
            }
        }
        return false;
    }

    /** The file and directory providers: paths under {@code allowed.paths}, compared as Apache compares them. */
    static final class Paths extends ProviderAccess {
        private final String key;
        private final List<Path> allowed;

        Paths(String key, String allowedPaths) {
            this.key = key;
            if (allowedPaths == null || allowedPaths.isEmpty()) {
                this.allowed = null;
                return;
            }
            List<Path> paths = new ArrayList<>();
            for (String entry : allowedPaths.split(",")) {
                paths.add(Path.of(entry).normalize());
            }
            this.allowed = paths;
        }

        boolean restricted() {
            return allowed != null;
        }

        String key() {
            return key;
        }

        @Override
        String refusal(String path, String variable) {
            if (allowed == null) {
                return "this provider reads no file until " + key + " lists the directories it may read";
            }
            if (path == null || path.isEmpty()) {
                return null;
            }
            Path normalized;
            try {
                normalized = Path.of(path).normalize();
            } catch (InvalidPathException e) {
                return "the path is not valid";
            }
            for (Path root : allowed) {
                if (normalized.startsWith(root)) {
                    return null;
                }
            }
            return "the path is outside the directories " + key + " allows";
        }
    }

    /** The environment provider: variables matching {@code allowlist.pattern} (found anywhere in the name, as Apache does). */
    static final class EnvironmentVariables extends ProviderAccess {
        private final String key;
        private final Pattern pattern;

        EnvironmentVariables(String key, String allowlistPattern) {
            this.key = key;
            if (allowlistPattern == null) {
                this.pattern = null;
                return;
            }
            try {
                this.pattern = Pattern.compile(allowlistPattern);
            } catch (PatternSyntaxException e) {
                throw new ConfigException(key, allowlistPattern, "not a valid regular expression: " + e.getDescription());
            }
        }

        boolean restricted() {
            return pattern != null;
        }

        String key() {
            return key;
        }

        @Override
        String refusal(String path, String variable) {
            if (pattern == null) {
                return "this provider reads no environment variable until " + key + " says which it may read";
            }
            if (variable != null && !pattern.matcher(variable).find()) {
                return "the variable does not match " + key;
            }
            return null;
        }
    }
}
