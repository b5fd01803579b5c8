package io.ferry.connectors.http;

import io.ferry.connectors.common.Reachability;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigValue;

import java.net.URI;
import java.util.Map;

/** What validation adds to the keys' own checks: the credentials the authentication type needs, and the server's reachability. */
final class HttpValidation {

    private HttpValidation() {
    }

    static Config validate(Config validated, Map<String, String> props) {
        String auth = props.getOrDefault(HttpConfig.AUTH_TYPE, HttpConfig.AUTH_NONE);
        if (HttpConfig.AUTH_BASIC.equals(auth) && blank(props.get(HttpConfig.AUTH_USERNAME))) {
            value(validated, HttpConfig.AUTH_USERNAME).addErrorMessage("basic authentication needs a user name");
        }
        if (HttpConfig.AUTH_BEARER.equals(auth) && blank(props.get(HttpConfig.AUTH_TOKEN))) {
            value(validated, HttpConfig.AUTH_TOKEN).addErrorMessage("bearer authentication needs a token");
        }
        Reachability.valid(validated, HttpConfig.URL).ifPresent(url -> {
            URI uri = HttpConfig.parseUrl((String) url.value());
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            Reachability.check(url, "the HTTP server", uri.getHost(), port);
        });
        return validated;
    }

    private static ConfigValue value(Config validated, String key) {
        return validated.configValues().stream().filter(v -> v.name().equals(key)).findFirst().orElseThrow();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
