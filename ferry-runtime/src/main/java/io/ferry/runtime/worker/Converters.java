package io.ferry.runtime.worker;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;

import java.util.Map;

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
        Converter key = null;
        Converter value = null;
        try {
            key = converter("key", connectorConfig, connectorLoader);
            value = converter("value", connectorConfig, connectorLoader);
            HeaderConverter header = headerConverter(connectorConfig, connectorLoader);
            return new ConverterSet(key, value, header);
        } catch (RuntimeException e) {
            new ConverterSet(key, value, null).close();
            throw e;
        }
    }

    private Converter converter(String which, Map<String, String> connectorConfig, ClassLoader connectorLoader) {
        Choice choice = choose(which, connectorConfig);
        Converter converter = instantiate(choice, Converter.class, PluginType.CONVERTER, connectorLoader);
        Map<String, String> props = new java.util.HashMap<>(choice.props());
        props.put("converter.type", which);
        try (var ignored = Plugins.swapLoader(plugins.loaderOf(converter))) {
            converter.configure(props, "key".equals(which));
        } catch (RuntimeException e) {
            throw new ConnectException("Could not configure " + which + " converter " + choice.className() + ": " + e.getMessage(), e);
        }
        return converter;
    }

    private HeaderConverter headerConverter(Map<String, String> connectorConfig, ClassLoader connectorLoader) {
        Choice choice = choose("header", connectorConfig);
        HeaderConverter converter = instantiate(choice, HeaderConverter.class, PluginType.HEADER_CONVERTER, connectorLoader);
        Map<String, String> props = new java.util.HashMap<>(choice.props());
        props.put("converter.type", "header");
        try (var ignored = Plugins.swapLoader(plugins.loaderOf(converter))) {
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

    private <T> T instantiate(Choice choice, Class<T> type, PluginType pluginType, ClassLoader connectorLoader) {
        String className = plugins.aliases().getOrDefault(choice.className(), choice.className());
        if (choice.version() == null && connectorLoader != null) {
            try {
                Class<?> bundled = Class.forName(className, false, connectorLoader);
                if (bundled.getClassLoader() == connectorLoader && type.isAssignableFrom(bundled)) {
                    try (var ignored = Plugins.swapLoader(connectorLoader)) {
                        return type.cast(bundled.getDeclaredConstructor().newInstance());
                    }
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not bundled with the connector: fall through to the worker's plugins
            } catch (ReflectiveOperationException e) {
                throw new ConnectException("Could not instantiate converter " + className + ": " + e, e);
            }
        }
        return plugins.newPlugin(choice.className(), choice.version(), type, pluginType);
    }

    private record Choice(String className, String version, Map<String, String> props) {
    }
}
