package io.ferry.runtime.rest.security;

import io.ferry.runtime.config.RestSecurityConfig;
import io.ferry.runtime.config.WorkerConfig;
import jakarta.servlet.Filter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The REST API's security as the worker config sets it up: who may call it (users, tokens, client certificates and
 * their roles) and which host names it answers to. One instance serves every listener, so credentials files are
 * watched once.
 */
public final class RestSecurity {

    private static final Logger log = LoggerFactory.getLogger(RestSecurity.class);

    /**
     * A listener, as far as its exposure goes.
     *
     * @param url                       as configured, for the warning
     * @param host                      the host it binds; empty for every interface
     * @param clientCertificateRequired whether TLS already refuses clients without a trusted certificate
     */
    public record Endpoint(String url, String host, boolean clientCertificateRequired) {
    }

    private final Authenticator authenticator;
    private final HostCheck hosts;
    private final boolean extensions;
    private volatile BooleanSupplier signaturesVerified = () -> false;

    private RestSecurity(Authenticator authenticator, HostCheck hosts, boolean extensions) {
        this.authenticator = authenticator;
        this.hosts = hosts;
        this.extensions = extensions;
    }

    public static RestSecurity of(WorkerConfig config, Collection<Endpoint> endpoints) {
        String users = config.getString(RestSecurityConfig.USERS_FILE_CONFIG);
        String tokens = config.getString(RestSecurityConfig.TOKENS_FILE_CONFIG);
        String certificates = config.getString(RestSecurityConfig.CERTIFICATES_FILE_CONFIG);
        Authenticator authenticator = new Authenticator(
                blank(users) ? null : new UsersFile(Path.of(users.trim()), RestSecurityConfig.USERS_FILE_CONFIG),
                blank(tokens) ? null : new TokensFile(Path.of(tokens.trim()), RestSecurityConfig.TOKENS_FILE_CONFIG),
                blank(certificates) ? null : new CertificatesFile(Path.of(certificates.trim()),
                        RestSecurityConfig.CERTIFICATES_FILE_CONFIG));
        List<String> names = new ArrayList<>();
        boolean wildcard = false;
        for (Endpoint endpoint : endpoints) {
            names.add(unbracketed(endpoint.host()));
            wildcard |= isWildcard(endpoint.host());
        }
        String advertised = config.getString(WorkerConfig.REST_ADVERTISED_HOST_NAME_CONFIG);
        if (advertised != null) {
            names.add(advertised);
        }
        HostCheck hosts = new HostCheck(config.getList(RestSecurityConfig.ALLOWED_HOSTS_CONFIG), names, wildcard);
        List<String> extensionClasses = config.getList(WorkerConfig.REST_EXTENSION_CLASSES_CONFIG);
        return new RestSecurity(authenticator, hosts, extensionClasses != null && !extensionClasses.isEmpty());
    }

    /** The filter for a listener's context; the same one may serve several. */
    public Filter filter() {
        return new RestSecurityFilter(hosts, authenticator, () -> signaturesVerified.getAsBoolean());
    }

    /**
     * Lets the requests workers send each other in without user credentials while the herder checks their session
     * key signatures (until then, and in a worker that does not check them, they need {@code operate} credentials).
     */
    public void trustSignaturesWhile(BooleanSupplier herderVerifiesSignatures) {
        signaturesVerified = herderVerifiesSignatures;
    }

    /**
     * Logs one warning when the API can be reached from other machines and nothing authenticates its callers: no
     * Ferry authentication, no REST extension (which may authenticate), and no required client certificates.
     */
    public void warnIfExposed(Collection<Endpoint> endpoints) {
        if (authenticator.enabled() || extensions) {
            return;
        }
        List<String> exposed = endpoints.stream()
                .filter(e -> !e.clientCertificateRequired() && !isLoopback(e.host()))
                .map(Endpoint::url).toList();
        if (!exposed.isEmpty()) {
            log.warn("The REST API listens on {}, which other machines can reach, and no authentication is configured: "
                            + "anyone who can connect can create connectors (running code of the installed plugins with "
                            + "this worker's access), read their configs and change log levels. Set {}, {} or {} (see "
                            + "docs/security.md), or listen on 127.0.0.1 only (listeners=http://127.0.0.1:8083).",
                    exposed, RestSecurityConfig.USERS_FILE_CONFIG, RestSecurityConfig.TOKENS_FILE_CONFIG,
                    RestSecurityConfig.CERTIFICATES_FILE_CONFIG);
        }
    }

    static boolean isLoopback(String host) {
        if (isWildcard(host)) {
            return false;
        }
        try {
            return InetAddress.getByName(unbracketed(host)).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isWildcard(String host) {
        String bare = unbracketed(host);
        return bare.isEmpty() || bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0");
    }

    private static String unbracketed(String host) {
        String trimmed = host == null ? "" : host.trim();
        return trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
