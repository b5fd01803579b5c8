package io.ferry.runtime.rest.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Refuses requests whose {@code Host} header names a host that is not this worker, which is what a DNS rebinding
 * attack looks like: a web page at {@code evil.example} whose name is then pointed at the worker's address, so the
 * browser sends it the page's requests (same origin to the browser, {@code Host: evil.example} to the worker).
 * <p>
 * This worker's names: the listeners' hosts, {@code rest.advertised.host.name}, {@code localhost}, the machine's
 * host names when a listener binds every interface, and {@code rest.allowed.hosts}. Any IP address is accepted:
 * rebinding needs a name the attacker controls, and a page whose origin is the worker's own address is not another
 * site. The port is not compared (a rebinding page names the worker's port itself).
 */
final class HostCheck {

    private static final Logger log = LoggerFactory.getLogger(HostCheck.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]*:[0-9a-fA-F:.%]*]");

    private final boolean off;
    private final Set<String> names = new HashSet<>();
    private final List<String> domains = new ArrayList<>();

    /**
     * @param allowed       {@code rest.allowed.hosts}
     * @param ownNames      the listeners' hosts and the advertised host (empty strings: a wildcard listener)
     * @param wildcard      whether a listener binds every interface, so that the machine's names are this worker's
     */
    HostCheck(Collection<String> allowed, Collection<String> ownNames, boolean wildcard) {
        boolean anything = false;
        for (String entry : allowed) {
            String name = canonical(entry);
            if (name.equals("*")) {
                anything = true;
            } else if (name.startsWith("*.")) {
                domains.add(name.substring(1));
            } else if (!name.isEmpty()) {
                names.add(name);
            }
        }
        off = anything;
        names.add("localhost");
        ownNames.stream().map(HostCheck::canonical).filter(n -> !n.isEmpty()).forEach(names::add);
        if (wildcard) {
            names.addAll(machineNames());
        }
    }

    /** Whether a request with this {@code Host} header may be served. */
    boolean allows(String hostHeader) {
        if (off || hostHeader == null || hostHeader.isBlank()) {
            // No Host header: HTTP/1.0, which browsers do not use; Jetty refuses HTTP/1.1 requests without one.
            return true;
        }
        String host = canonical(stripPort(hostHeader.trim()));
        if (IPV4.matcher(host).matches() || IPV6.matcher(host).matches()) {
            return true;
        }
        if (names.contains(host) || host.endsWith(".localhost")) {
            return true;
        }
        return domains.stream().anyMatch(host::endsWith);
    }

    boolean isOff() {
        return off;
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    // Names compare without case and without the trailing dot of a fully qualified name.
    private static String canonical(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static Set<String> machineNames() {
        Set<String> result = new HashSet<>();
        try {
            InetAddress local = InetAddress.getLocalHost();
            result.add(canonical(local.getHostName()));
            result.add(canonical(local.getCanonicalHostName()));
        } catch (UnknownHostException e) {
            log.debug("This machine's host name does not resolve; only its addresses are accepted in Host headers", e);
        }
        String hostname = System.getenv("HOSTNAME");
        if (hostname != null && !hostname.isBlank()) {
            result.add(canonical(hostname));
        }
        return result;
    }
}
