package org.apache.kafka.connect.connector.policy;

import java.util.Set;

/** Connectors may override only the settings that choose who the client authenticates as. */
public class PrincipalConnectorClientConfigOverridePolicy extends AbstractConnectorClientConfigOverridePolicy {

    private static final Set<String> ALLOWED = Set.of("sasl.jaas.config", "sasl.mechanism", "security.protocol");

    @Override
    protected String policyName() {
        return "Principal";
    }

    @Override
    protected boolean isAllowed(String configName) {
        return ALLOWED.contains(configName);
    }
}
