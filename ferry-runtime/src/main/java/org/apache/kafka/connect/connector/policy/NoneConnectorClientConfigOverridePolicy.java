package org.apache.kafka.connect.connector.policy;

/** Connectors may not override any client setting. */
public class NoneConnectorClientConfigOverridePolicy extends AbstractConnectorClientConfigOverridePolicy {

    @Override
    protected String policyName() {
        return "None";
    }

    @Override
    protected boolean isAllowed(String configName) {
        return false;
    }
}
