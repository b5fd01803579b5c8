package io.ferry.connectors.http;

import io.ferry.connectors.common.TlsStores;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The keys both HTTP connectors share: the URL, headers, authentication, timeouts, retries and TLS. */
class HttpConfig extends AbstractConfig {

    static final String URL = "http.url";
    static final String HEADERS = "http.headers";
    static final String AUTH_TYPE = "http.auth.type";
    static final String AUTH_USERNAME = "http.auth.username";
    static final String AUTH_PASSWORD = "http.auth.password";
    static final String AUTH_TOKEN = "http.auth.token";
    static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    static final String REQUEST_TIMEOUT_MS = "http.request.timeout.ms";
    static final String MAX_RETRIES = "max.retries";
    static final String RETRY_BACKOFF_MS = "retry.backoff.ms";
    static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";

    static final String AUTH_NONE = "none";
    static final String AUTH_BASIC = "basic";
    static final String AUTH_BEARER = "bearer";

    private static final String REQUEST = "HTTP request";
    private static final String RETRIES = "HTTP retries";
    private static final String TLS = "HTTP TLS";

    static ConfigDef define(ConfigDef def, String urlDoc) {
        int order = 0;
        def.define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, HttpConfig::validateUrl, Importance.HIGH, urlDoc,
                        REQUEST, ++order, ConfigDef.Width.LONG, "URL")
                .define(HEADERS, Type.LIST, "", HttpConfig::validateHeaders, Importance.MEDIUM,
                        "Headers sent with every request, comma-separated 'Name: value' pairs, e.g. 'X-Tenant: acme, X-Source: kafka'. "
                                + "A value with a secret can come from a config provider: 'X-Api-Key: ${file:/etc/secrets.properties:api-key}'.",
                        REQUEST, ++order, ConfigDef.Width.LONG, "Headers")
                .define(AUTH_TYPE, Type.STRING, AUTH_NONE, ValidString.in(AUTH_NONE, AUTH_BASIC, AUTH_BEARER), Importance.HIGH,
                        "none, basic (http.auth.username and http.auth.password) or bearer (http.auth.token).",
                        REQUEST, ++order, ConfigDef.Width.SHORT, "Authentication")
                .define(AUTH_USERNAME, Type.STRING, null, Importance.MEDIUM, "The user name for basic authentication.",
                        REQUEST, ++order, ConfigDef.Width.MEDIUM, "User name")
                .define(AUTH_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The password for basic authentication.",
                        REQUEST, ++order, ConfigDef.Width.MEDIUM, "Password")
                .define(AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                        "The token for bearer authentication, sent as 'Authorization: Bearer <token>'.",
                        REQUEST, ++order, ConfigDef.Width.LONG, "Bearer token")
                .define(CONNECT_TIMEOUT_MS, Type.INT, 10_000, Range.atLeast(1), Importance.LOW,
                        "How long to wait for a connection to the server.", REQUEST, ++order, ConfigDef.Width.SHORT, "Connect timeout (ms)")
                .define(REQUEST_TIMEOUT_MS, Type.INT, 30_000, Range.atLeast(1), Importance.LOW,
                        "How long to wait for an answer to a request; a request that times out is retried.",
                        REQUEST, ++order, ConfigDef.Width.SHORT, "Request timeout (ms)")
                .define(MAX_RETRIES, Type.INT, 10, Range.atLeast(0), Importance.MEDIUM,
                        "How often a request is retried after an answer that may pass (408, 429, 5xx) or a network error; "
                                + "after the last, the task fails (a sink) or waits for its next poll (a source).",
                        RETRIES, 1, ConfigDef.Width.SHORT, "Retries")
                .define(RETRY_BACKOFF_MS, Type.LONG, 1_000L, Range.atLeast(0L), Importance.LOW,
                        "The wait before the first retry; it doubles with each retry up to retry.backoff.max.ms. "
                                + "A Retry-After header in the answer overrides it.",
                        RETRIES, 2, ConfigDef.Width.SHORT, "Retry backoff (ms)")
                .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.atLeast(0L), Importance.LOW,
                        "The longest wait between retries that the doubling reaches.", RETRIES, 3, ConfigDef.Width.SHORT, "Max retry backoff (ms)");
        return TlsStores.define(def, "http.", TLS);
    }

    private final List<Map.Entry<String, String>> headers;

    HttpConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
        headers = parseHeaders(getList(HEADERS));
        String auth = getString(AUTH_TYPE);
        if (AUTH_BASIC.equals(auth) && getString(AUTH_USERNAME) == null) {
            throw new ConfigException(AUTH_USERNAME, null, "basic authentication needs a user name");
        }
        if (AUTH_BEARER.equals(auth) && getPassword(AUTH_TOKEN) == null) {
            throw new ConfigException(AUTH_TOKEN, null, "bearer authentication needs a token");
        }
    }

    /** The URL, with a source's {@code ${offset}} placeholder as an empty offset: for its scheme, host and port. */
    URI url() {
        return parseUrl(getString(URL));
    }

    static URI parseUrl(String value) {
        return URI.create(value.trim().replace("${offset}", ""));
    }

    /** The configured headers as name and value, in order (read once: every request sends them). */
    List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** Whether the configured headers set this one (names compare without case). */
    boolean setsHeader(String name) {
        return headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase(name));
    }

    private static List<Map.Entry<String, String>> parseHeaders(List<String> configured) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String header : configured) {
            int colon = header.indexOf(':');
            headers.add(Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
        }
        return List.copyOf(headers);
    }

    String password(String key) {
        Password password = getPassword(key);
        return password == null ? null : password.value();
    }

    RetryPolicy retryPolicy() {
        return new RetryPolicy(getInt(MAX_RETRIES), getLong(RETRY_BACKOFF_MS), getLong(RETRY_BACKOFF_MAX_MS));
    }

    static void validateUrl(String name, Object value) {
        if (value == null) {
            return;
        }
        URI uri;
        try {
            uri = parseUrl((String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ConfigException(name, value, "the URL must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new ConfigException(name, value, "the URL names no host");
        }
    }

    private static void validateHeaders(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> headers = (List<String>) value;
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0 || header.substring(0, colon).isBlank()) {
                throw new ConfigException(name, header, "a header is 'Name: value'");
            }
        }
    }
}
