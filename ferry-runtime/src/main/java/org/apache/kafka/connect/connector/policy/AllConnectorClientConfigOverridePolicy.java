package org.apache.kafka.connect.connector.policy;

/** Connectors may override any client setting (the default). */
public class AllConnectorClientConfigOverridePolicy extends AbstractConnectorClientConfigOverridePolicy {

    @Override
    protected String policyName() {
        return "All";
    }

    @Override
    protected boolean isAllowed(String configName) {
        return true;
    }
}
