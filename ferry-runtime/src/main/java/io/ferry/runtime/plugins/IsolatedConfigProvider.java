package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigChangeCallback;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

import java.util.Map;
import java.util.Set;

/**
 * A config provider whose every call runs with its own class loader current. It is itself a ConfigProvider, because
 * Kafka's ConfigTransformer calls the providers it is given: handing it this wrapper keeps those calls isolated too.
 */
public final class IsolatedConfigProvider extends Isolated<ConfigProvider> implements ConfigProvider {

    public IsolatedConfigProvider(ConfigProvider provider, ClassLoader loader) {
        super(provider, loader);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        run(p -> p.configure(configs));
    }

    @Override
    public ConfigData get(String path) {
        return call(p -> p.get(path));
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        return call(p -> p.get(path, keys));
    }

    @Override
    public void subscribe(String path, Set<String> keys, ConfigChangeCallback callback) {
        run(p -> p.subscribe(path, keys, callback));
    }

    @Override
    public void unsubscribe(String path, Set<String> keys, ConfigChangeCallback callback) {
        run(p -> p.unsubscribe(path, keys, callback));
    }

    @Override
    public void unsubscribeAll() {
        run(ConfigProvider::unsubscribeAll);
    }

    @Override
    public void close() {
        closeQuietly("config provider " + this);
    }
}
