package io.ferry.runtime.worker;

import io.ferry.runtime.config.WorkerConfig;
import io.ferry.runtime.plugins.IsolatedOverridePolicy;
import io.ferry.runtime.plugins.PluginDesc;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest.ClientType;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.health.ConnectorType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies {@code connector.client.config.override.policy} to a connector's {@code *.override.*} settings. */
public final class OverridePolicyCheck {

    private final IsolatedOverridePolicy policy;

    public OverridePolicyCheck(WorkerConfig workerConfig, Plugins plugins) {
        String name = workerConfig.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG);
        this.policy = plugins.newOverridePolicy(name);
        policy.configure(workerConfig.originalStrings());
    }

    public String policyName() {
        return policy.pluginClass().getSimpleName();
    }

    /**
     * The policy's verdict on each override of one client, as the policy returns it (values parsed with the
     * client's ConfigDef where it knows the key).
     */
    public List<ConfigValue> validate(String connectorName, Class<? extends Connector> connectorClass, ConnectorType type,
                                      ClientType clientType, Map<String, String> overrides, org.apache.kafka.common.config.ConfigDef clientDef) {
        Map<String, Object> parsed = new HashMap<>();
        overrides.forEach((name, value) -> {
            var key = clientDef.configKeys().get(name);
            parsed.put(name, key == null ? value : org.apache.kafka.common.config.ConfigDef.parseType(name, value, key.type));
        });
        return policy.validate(new ConnectorClientConfigRequest(connectorName, type, connectorClass, parsed, clientType));
    }

    /** Refuses a connector config with client overrides the policy rejects, naming each rejection. */
    public void ensureAllowed(String connectorName, PluginDesc<?> connectorPlugin, Map<String, String> connectorConfig) {
        @SuppressWarnings("unchecked")
        Class<? extends Connector> connectorClass = (Class<? extends Connector>) connectorPlugin.pluginClass();
        ConnectorType type = connectorPlugin.type() == PluginType.SINK ? ConnectorType.SINK : ConnectorType.SOURCE;
        List<ConfigValue> violations = violations(connectorName, connectorClass, type, connectorConfig);
        if (!violations.isEmpty()) {
            StringBuilder sb = new StringBuilder("Client config overrides are not allowed by the worker's policy:");
            violations.forEach(v -> sb.append("\n").append(String.join("; ", v.errorMessages())));
            throw new ConnectException(sb.toString());
        }
    }

    /**
     * One ConfigValue per override the policy rejects, named with its full connector key
     * (e.g. {@code producer.override.acks}).
     */
    public List<ConfigValue> violations(String connectorName, Class<? extends Connector> connectorClass,
                                        ConnectorType type, Map<String, String> connectorConfig) {
        List<ConfigValue> result = new ArrayList<>();
        for (ClientType clientType : ClientType.values()) {
            if (type == ConnectorType.SOURCE && clientType == ClientType.CONSUMER
                    || type == ConnectorType.SINK && clientType == ClientType.PRODUCER) {
                continue;
            }
            String prefix = ClientConfigs.overridePrefix(clientType);
            Map<String, Object> overrides = new HashMap<>(Transformations.withPrefix(connectorConfig, prefix));
            if (overrides.isEmpty()) {
                continue;
            }
            List<ConfigValue> values = policy.validate(
                    new ConnectorClientConfigRequest(connectorName, type, connectorClass, overrides, clientType));
            for (ConfigValue value : values) {
                if (!value.errorMessages().isEmpty()) {
                    ConfigValue named = new ConfigValue(prefix + value.name(), value.value(), value.recommendedValues(),
                            new ArrayList<>(value.errorMessages()));
                    result.add(named);
                }
            }
        }
        return result;
    }
}
