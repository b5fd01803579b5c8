package io.ferry.runtime.rest.security;

import io.ferry.runtime.config.RestSecurityConfig;
import io.ferry.runtime.cluster.InternalRequestSignature;
import io.ferry.runtime.config.JsonMapper;
import io.ferry.runtime.rest.entities.ErrorMessage;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The REST API's gate, before Jersey (and so before REST extensions, which may check more): the Host header check,
 * then, when authentication is configured, who the caller is and whether their role allows the request.
 */
final class RestSecurityFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger(RestSecurityFilter.class);
    static final String CERTIFICATES_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";
    static final int MISDIRECTED = 421;

    private final HostCheck hosts;
    private final Authenticator authenticator;
    private final BooleanSupplier signaturesVerified;

    /** @param signaturesVerified whether the herder checks the signatures of requests between workers now */
    RestSecurityFilter(HostCheck hosts, Authenticator authenticator, BooleanSupplier signaturesVerified) {
        this.hosts = hosts;
        this.authenticator = authenticator;
        this.signaturesVerified = signaturesVerified;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String host = request.getHeader("Host");
        if (!hosts.allows(host)) {
            log.debug("Refused {} {} for Host {}", request.getMethod(), request.getRequestURI(), host);
            refuse(response, MISDIRECTED, "This worker does not answer to the host name in the Host header ('" + host
                    + "'). If it is a name of this worker, add it to " + RestSecurityConfig.ALLOWED_HOSTS_CONFIG
                    + " in the worker config.", List.of());
            return;
        }
        if (!authenticator.enabled()) {
            chain.doFilter(req, res);
            return;
        }
        AccessRules.Access access = requiredAccess(request);
        if (access == AccessRules.Access.ANONYMOUS) {
            chain.doFilter(req, res);
            return;
        }
        Authenticator.Outcome outcome = authenticator.authenticate(request.getHeader("Authorization"),
                (X509Certificate[]) request.getAttribute(CERTIFICATES_ATTRIBUTE));
        // A signature is worth something only where the herder checks it: a group that does not sign its requests
        // ignores one, so anybody could add the header.
        boolean signed = access == AccessRules.Access.SIGNED_INTERNAL
                && request.getHeader(InternalRequestSignature.SIGNATURE_HEADER) != null
                && signaturesVerified.getAsBoolean();
        if (signed && !(outcome instanceof Authenticator.Invalid)) {
            // From another worker of the cluster (whose certificate may have no role, or a read-only one): the
            // herder checks the signature against the session key, which only the cluster's workers have.
            chain.doFilter(req, res);
        } else if (outcome instanceof Authenticator.Authenticated authenticated) {
            authorize(request, response, chain, access, authenticated.caller());
        } else if (outcome instanceof Authenticator.UnmappedCertificate unmapped) {
            log.debug("Refused {} {}: certificate {} has no role", request.getMethod(), request.getRequestURI(),
                    unmapped.subject());
            refuse(response, 403, "The client certificate's subject (" + unmapped.subject() + ") has no role in "
                    + RestSecurityConfig.CERTIFICATES_FILE_CONFIG + ".", List.of());
        } else if (outcome instanceof Authenticator.Invalid) {
            log.debug("Refused {} {}: invalid credentials", request.getMethod(), request.getRequestURI());
            refuse(response, 401, "Invalid credentials.", authenticator.challenges());
        } else {
            refuse(response, 401, "Authentication is required: send " + authenticator.mechanisms() + ".",
                    authenticator.challenges());
        }
    }

    /**
     * The access a request needs, judged on its path as the server normalised and decoded it, and on its path as
     * sent, which is what the API routes on (encoded separators and dot segments in a connector's name stay part of
     * the name). When the two disagree, as with {@code /connectors/..%2F..%2Fhealth}, only an operator may send it:
     * no way of writing a path may reach an endpoint with less than the access that endpoint needs.
     */
    static AccessRules.Access requiredAccess(HttpServletRequest request) {
        String normalised = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        AccessRules.Access access = AccessRules.required(request.getMethod(), normalised);
        String sent = request.getRequestURI() == null ? "" : request.getRequestURI();
        return access == AccessRules.required(request.getMethod(), sent) ? access : AccessRules.Access.OPERATE;
    }

    private static void authorize(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                                  AccessRules.Access access, Caller caller) throws IOException, ServletException {
        if (!AccessRules.allows(caller.role(), access)) {
            log.debug("Refused {} {} to {} ({})", request.getMethod(), request.getRequestURI(), caller.name(),
                    caller.role().label());
            refuse(response, 403, "'" + caller.name() + "' has the " + caller.role().label() + " role, which may not "
                    + request.getMethod() + " " + request.getRequestURI() + "; that needs the "
                    + Role.OPERATE.label() + " role.", List.of());
            return;
        }
        chain.doFilter(new AuthenticatedRequest(request, caller), response);
    }

    private static void refuse(HttpServletResponse response, int status, String message, List<String> challenges)
            throws IOException {
        response.setStatus(status);
        for (String challenge : challenges) {
            response.addHeader("WWW-Authenticate", challenge);
        }
        response.setContentType("application/json");
        response.getOutputStream().write(JsonMapper.get().writeValueAsBytes(new ErrorMessage(status, message)));
    }

    /** The request as the servlet API describes an authenticated one, so JAX-RS resources and extensions see who. */
    private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

        private final Caller caller;

        AuthenticatedRequest(HttpServletRequest request, Caller caller) {
            super(request);
            this.caller = caller;
        }

        @Override
        public Principal getUserPrincipal() {
            return caller;
        }

        @Override
        public String getRemoteUser() {
            return caller.name();
        }

        @Override
        public String getAuthType() {
            return caller.mechanism();
        }

        @Override
        public boolean isUserInRole(String role) {
            return caller.role().label().equals(role)
                    || caller.role() == Role.OPERATE && Role.READ_ONLY.label().equals(role);
        }
    }
}
