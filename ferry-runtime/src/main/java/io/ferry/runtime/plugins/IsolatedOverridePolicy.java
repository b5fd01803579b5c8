package io.ferry.runtime.plugins;

import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigRequest;

import java.util.List;
import java.util.Map;

/** The worker's client config override policy, whose every call runs with its own class loader current. */
public final class IsolatedOverridePolicy extends Isolated<ConnectorClientConfigOverridePolicy> implements AutoCloseable {

    public IsolatedOverridePolicy(ConnectorClientConfigOverridePolicy policy, ClassLoader loader) {
        super(policy, loader);
    }

    public void configure(Map<String, ?> configs) {
        run(p -> p.configure(configs));
    }

    /** The policy's verdict on each override of one client. */
    public List<ConfigValue> validate(ConnectorClientConfigRequest request) {
        return call(p -> p.validate(request));
    }

    @Override
    public void close() {
        closeQuietly("client config override policy " + this);
    }
}
