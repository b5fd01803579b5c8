package org.apache.kafka.connect.connector.policy;

import org.apache.kafka.common.config.ConfigValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A policy that judges each overridden client setting on its own name. */
public abstract class AbstractConnectorClientConfigOverridePolicy implements ConnectorClientConfigOverridePolicy {

    /** The name used in error messages. */
    protected abstract String policyName();

    protected abstract boolean isAllowed(String configName);

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public List<ConfigValue> validate(ConnectorClientConfigRequest request) {
        List<ConfigValue> result = new ArrayList<>();
        for (Map.Entry<String, Object> e : request.clientProps().entrySet()) {
            ConfigValue value = new ConfigValue(e.getKey(), e.getValue(), new ArrayList<>(), new ArrayList<>());
            if (!isAllowed(e.getKey())) {
                value.addErrorMessage("The '" + policyName() + "' policy does not allow '" + e.getKey()
                        + "' to be overridden in the connector configuration.");
            }
            result.add(value);
        }
        return result;
    }

    @Override
    public void close() {
    }
}
