package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.provider.ConfigProvider;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

import java.util.Locale;

/** The kinds of plugin a worker loads, each with the API type its classes implement. */
public enum PluginType {
    SOURCE(SourceConnector.class, "Connector"),
    SINK(SinkConnector.class, "Connector"),
    CONVERTER(Converter.class, "Converter"),
    HEADER_CONVERTER(HeaderConverter.class, "HeaderConverter"),
    TRANSFORMATION(Transformation.class, "Transformation"),
    PREDICATE(Predicate.class, "Predicate"),
    CONFIGPROVIDER(ConfigProvider.class, "ConfigProvider"),
    REST_EXTENSION(ConnectRestExtension.class, "ConnectRestExtension"),
    CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY(ConnectorClientConfigOverridePolicy.class, "ConnectorClientConfigOverridePolicy");

    private final Class<?> superClass;
    private final String suffix;

    PluginType(Class<?> superClass, String suffix) {
        this.superClass = superClass;
        this.suffix = suffix;
    }

    public Class<?> superClass() {
        return superClass;
    }

    /** The name suffix an alias may leave out (FileStreamSource for FileStreamSourceConnector). */
    String aliasSuffix() {
        return suffix;
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Types found only through ServiceLoader manifests, never by scanning classes. */
    boolean manifestOnly() {
        return this == CONFIGPROVIDER || this == REST_EXTENSION || this == CONNECTOR_CLIENT_CONFIG_OVERRIDE_POLICY;
    }

    /** SOURCE or SINK for connectors; otherwise the first type the class implements; null for none. */
    public static PluginType of(Class<?> pluginClass) {
        for (PluginType type : values()) {
            if (type.superClass.isAssignableFrom(pluginClass)) {
                return type;
            }
        }
        return null;
    }
}
