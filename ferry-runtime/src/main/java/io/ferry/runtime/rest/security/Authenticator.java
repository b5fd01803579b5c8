package io.ferry.runtime.rest.security;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds out who made a request, with the mechanisms that are configured: the {@code Authorization} header (Basic
 * when there is a users file, Bearer when there is a tokens file), else the client certificate (when there is a
 * certificates file). A header in a scheme Ferry does not check is left to REST extensions, which may check it.
 */
final class Authenticator {

    /** What the credentials of a request came to. */
    interface Outcome {
    }

    record Authenticated(Caller caller) implements Outcome {
    }

    /** Credentials were sent and are wrong. */
    record Invalid() implements Outcome {
    }

    /** A certificate was presented that no line of the certificates file gives a role. */
    record UnmappedCertificate(String subject) implements Outcome {
    }

    record NoCredentials() implements Outcome {
    }

    private final UsersFile users;
    private final TokensFile tokens;
    private final CertificatesFile certificates;

    /** Each argument null when that mechanism is not configured. */
    Authenticator(UsersFile users, TokensFile tokens, CertificatesFile certificates) {
        this.users = users;
        this.tokens = tokens;
        this.certificates = certificates;
    }

    boolean enabled() {
        return users != null || tokens != null || certificates != null;
    }

    boolean certificatesEnabled() {
        return certificates != null;
    }

    /** The {@code WWW-Authenticate} challenges of the configured header schemes. */
    List<String> challenges() {
        List<String> result = new ArrayList<>();
        if (users != null) {
            result.add("Basic realm=\"ferry\", charset=\"UTF-8\"");
        }
        if (tokens != null) {
            result.add("Bearer realm=\"ferry\"");
        }
        return result;
    }

    /** The ways a caller can authenticate, for messages. */
    String mechanisms() {
        List<String> result = new ArrayList<>();
        if (users != null) {
            result.add("HTTP Basic credentials");
        }
        if (tokens != null) {
            result.add("a bearer token");
        }
        if (certificates != null) {
            result.add("a client certificate");
        }
        return String.join(" or ", result);
    }

    Outcome authenticate(String authorization, X509Certificate[] certificateChain) {
        if (authorization != null && !authorization.isBlank()) {
            String value = authorization.strip();
            int space = value.indexOf(' ');
            String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
            String credentials = space < 0 ? "" : value.substring(space + 1).strip();
            if (scheme.equals("basic") && users != null) {
                return basic(credentials);
            }
            if (scheme.equals("bearer") && tokens != null) {
                return credentials.isEmpty() ? new Invalid() : found(tokens.authenticate(credentials));
            }
        }
        if (certificates != null && certificateChain != null && certificateChain.length > 0) {
            var subject = certificateChain[0].getSubjectX500Principal();
            Optional<Caller> caller = certificates.authenticate(subject);
            return caller.<Outcome>map(Authenticated::new).orElseGet(() -> new UnmappedCertificate(subject.getName()));
        }
        return new NoCredentials();
    }

    private Outcome basic(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return new Invalid();
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            return new Invalid();
        }
        return found(users.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static Outcome found(Optional<Caller> caller) {
        return caller.<Outcome>map(Authenticated::new).orElseGet(Invalid::new);
    }
}
