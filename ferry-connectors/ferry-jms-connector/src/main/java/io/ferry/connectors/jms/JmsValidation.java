package io.ferry.connectors.jms;

import io.ferry.connectors.common.Reachability;
import org.apache.kafka.common.config.Config;

import java.net.URI;
import java.util.Map;

/** What validation adds: a way to the provider must be given, and a tcp:// broker URL must answer. */
final class JmsValidation {

    private JmsValidation() {
    }

    static Config validate(Config validated, Map<String, String> props) {
        if (props.get(JmsConfig.URL) == null && props.get(JmsConfig.JNDI_CONTEXT_FACTORY) == null
                && JmsConfig.ARTEMIS_FACTORY.equals(props.getOrDefault(JmsConfig.FACTORY_CLASS, JmsConfig.ARTEMIS_FACTORY))) {
            Reachability.valid(validated, JmsConfig.FACTORY_CLASS).ifPresent(v -> v.addErrorMessage(
                    "set jms.url (e.g. tcp://127.0.0.1:61616), or jms.jndi.initial.context.factory for a JNDI lookup"));
        }
        Reachability.valid(validated, JmsConfig.URL).ifPresent(url -> {
            URI uri;
            try {
                uri = URI.create(((String) url.value()).trim());
            } catch (IllegalArgumentException e) {
                return; // A provider's own URL syntax (failover lists, ...): the provider judges it.
            }
            if ("tcp".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
                Reachability.check(url, "the JMS broker", uri.getHost(), uri.getPort());
            }
        });
        return validated;
    }
}
