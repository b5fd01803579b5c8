package io.ferry.runtime.worker;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.IsolatedConverter;
import io.ferry.runtime.plugins.IsolatedHeaderConverter;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.Map;
import java.util.Optional;

/**
 * Creates a connector's converters: its own {@code key.converter} etc. when it names one (configured from its own
 * {@code key.converter.*} keys), else the worker's. A converter class the connector's plugin bundles is loaded from
 * that plugin, so connectors that ship their own converters get theirs.
 */
public final class Converters {

    private final Plugins plugins;
    private final WorkerConfig workerConfig;

    public Converters(Plugins plugins, WorkerConfig workerConfig) {
        this.plugins = plugins;
        this.workerConfig = workerConfig;
    }

    public ConverterSet forConnector(Map<String, String> connectorConfig, ClassLoader connectorLoader) {
        IsolatedConverter key = null;
        IsolatedConverter value = null;
        try {
            key = converter("key", connectorConfig, connectorLoader);
            value = converter("value", connectorConfig, connectorLoader);
            IsolatedHeaderConverter header = headerConverter(connectorConfig, connectorLoader);
            return new ConverterSet(key, value, header);
        } catch (RuntimeException e) {
            new ConverterSet(key, value, null).close();
            throw e;
        }
    }

    private IsolatedConverter converter(String which, Map<String, String> connectorConfig, ClassLoader connectorLoader) {
        Choice choice = choose(which, connectorConfig);
        IsolatedConverter converter = bundled(choice, PluginType.CONVERTER, connectorLoader)
                .map(plugins::newConverter)
                .orElseGet(() -> plugins.newConverter(choice.className(), choice.version()));
        Map<String, String> props = new java.util.HashMap<>(choice.props());
        props.put("converter.type", which);
        try {
            converter.configure(props, "key".equals(which));
        } catch (RuntimeException e) {
            throw new ConnectException("Could not configure " + which + " converter " + choice.className() + ": " + e.getMessage(), e);
        }
        return converter;
    }

    private IsolatedHeaderConverter headerConverter(Map<String, String> connectorConfig, ClassLoader connectorLoader) {
        Choice choice = choose("header", connectorConfig);
        IsolatedHeaderConverter converter = bundled(choice, PluginType.HEADER_CONVERTER, connectorLoader)
                .map(plugins::newHeaderConverter)
                .orElseGet(() -> plugins.newHeaderConverter(choice.className(), choice.version()));
        Map<String, String> props = new java.util.HashMap<>(choice.props());
        props.put("converter.type", "header");
        try {
            converter.configure(props);
        } catch (RuntimeException e) {
            throw new ConnectException("Could not configure header converter " + choice.className() + ": " + e.getMessage(), e);
        }
        return converter;
    }

    private Choice choose(String which, Map<String, String> connectorConfig) {
        String key = which + ".converter";
        String fromConnector = connectorConfig.get(key);
        if (fromConnector != null && !fromConnector.isBlank()) {
            return new Choice(fromConnector.trim(), connectorConfig.get(key + ".plugin.version"),
                    Transformations.withPrefix(connectorConfig, key + "."));
        }
        Map<String, String> worker = workerConfig.originalStrings();
        return new Choice(workerConfig.getString(key), workerConfig.getString(key + ".plugin.version"),
                Transformations.withPrefix(worker, key + "."));
    }

    /** The connector's own copy of the class, when its plugin bundles one and no version is asked for. */
    private Optional<PluginDesc<?>> bundled(Choice choice, PluginType type, ClassLoader connectorLoader) {
        if (choice.version() != null || connectorLoader == null) {
            return Optional.empty();
        }
        return plugins.bundledWith(connectorLoader, choice.className(), type);
    }

    private record Choice(String className, String version, Map<String, String> props) {
    }
}
