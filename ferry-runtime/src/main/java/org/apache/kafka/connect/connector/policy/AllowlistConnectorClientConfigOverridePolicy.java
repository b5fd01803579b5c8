package org.apache.kafka.connect.connector.policy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Connectors may override the settings named in the worker's {@code connector.client.config.override.allowlist}. */
public class AllowlistConnectorClientConfigOverridePolicy extends AbstractConnectorClientConfigOverridePolicy {

    public static final String ALLOWLIST_CONFIG = "connector.client.config.override.allowlist";

    private final Set<String> allowed = new HashSet<>();

    @Override
    public void configure(Map<String, ?> configs) {
        allowed.clear();
        Object list = configs.get(ALLOWLIST_CONFIG);
        if (list != null) {
            for (String name : list.toString().split(",")) {
                if (!name.isBlank()) {
                    allowed.add(name.trim());
                }
            }
        }
    }

    @Override
    protected String policyName() {
        return "Allowlist";
    }

    @Override
    protected boolean isAllowed(String configName) {
        return allowed.contains(configName);
    }
}
