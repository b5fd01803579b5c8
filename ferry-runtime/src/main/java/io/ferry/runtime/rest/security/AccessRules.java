package io.ferry.runtime.rest.security;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which requests need which role.
 * <ul>
 *     <li>The health probes need none, so that orchestrators and load balancers work without credentials.</li>
 *     <li>The requests workers of a cluster send each other (task configs, zombie fencing) need none when they
 *     carry a session key signature ({@code X-Connect-Authorization}): the herder checks the signature, which only
 *     a worker of the cluster can make.</li>
 *     <li>{@code /admin} (logger levels) needs {@link Role#OPERATE} whatever the method: it is the operators' surface,
 *     often on its own listener, and a level change can hide what happens (or flood the logs).</li>
 *     <li>Other reads ({@code GET}, {@code HEAD}, {@code OPTIONS}) need {@link Role#READ_ONLY}; anything else
 *     needs {@link Role#OPERATE}.</li>
 * </ul>
 */
final class AccessRules {

    enum Access { ANONYMOUS, SIGNED_INTERNAL, READ_ONLY, OPERATE }

    private static final Set<String> PROBES = Set.of("/health", "/health/live", "/health/ready");
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern TASK_CONFIGS = Pattern.compile("/connectors/[^/]+/tasks");
    private static final Pattern FENCE = Pattern.compile("/connectors/[^/]+/fence");

    private AccessRules() {
    }

    /**
     * @param path the request's decoded path within the API, as Jetty normalised it
     */
    static Access required(String method, String path) {
        String normal = normalise(path);
        if (PROBES.contains(normal)) {
            return Access.ANONYMOUS;
        }
        if (method.equals("POST") && TASK_CONFIGS.matcher(normal).matches()
                || method.equals("PUT") && FENCE.matcher(normal).matches()) {
            return Access.SIGNED_INTERNAL;
        }
        String lower = normal.toLowerCase(Locale.ROOT);
        if (lower.equals("/admin") || lower.startsWith("/admin/")) {
            return Access.OPERATE;
        }
        return READS.contains(method) ? Access.READ_ONLY : Access.OPERATE;
    }

    static boolean allows(Role role, Access access) {
        return switch (access) {
            case ANONYMOUS, READ_ONLY -> true;
            case SIGNED_INTERNAL, OPERATE -> role == Role.OPERATE;
        };
    }

    // Repeated and trailing slashes are ignored by the resources too, so they must not change the rule that applies.
    private static String normalise(String path) {
        String collapsed = (path == null || path.isEmpty() ? "/" : path).replaceAll("/{2,}", "/");
        return collapsed.length() > 1 && collapsed.endsWith("/")
                ? collapsed.substring(0, collapsed.length() - 1) : collapsed;
    }
}
