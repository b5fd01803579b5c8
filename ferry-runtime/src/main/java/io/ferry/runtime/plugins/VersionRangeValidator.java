package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;

/** Refuses a malformed plugin version requirement (a {@code *.plugin.version} key) with Maven's words for it. */
public final class VersionRangeValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        try {
            PluginVersions.validate(value.toString());
        } catch (ConnectException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "A version or a Maven version range, or latest";
    }
}
