package io.ferry.cli.client.context;

import io.ferry.cli.client.ClientException;

import javax.net.ssl.SSLContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/**
 * The worker a client command talks to, and how: its URL, the {@code Authorization} header to send (or none), the TLS
 * setup (or null for the JDK's default), what the credentials are called in messages ("context 'prod'"), and whether
 * a client certificate is among them.
 *
 * <p>The URL comes from, first to last: {@code --url}, the context named by {@code --context} or {@code $FERRY_CONTEXT},
 * {@code $FERRY_URL}, the current context, {@code http://127.0.0.1:8083}. A named context's credentials go with
 * whatever URL is chosen (the user asked for them, e.g. through a tunnel with {@code --url}); the current context's
 * credentials only go to its own URL, so they never leak to a worker the user pointed at by {@code --url} or
 * {@code $FERRY_URL}. {@code $FERRY_TOKEN} is a bearer token for when the context in use has no credentials.
 */
public record WorkerTarget(String url, String authorization, SSLContext ssl, String credentials, boolean clientCertificate) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8083";
    public static final String CONTEXT_ENV = "FERRY_CONTEXT";
    public static final String URL_ENV = "FERRY_URL";
    public static final String TOKEN_ENV = "FERRY_TOKEN";

    /** A worker reached without credentials and with the JDK's TLS defaults. */
    public static WorkerTarget plain(String url) {
        return new WorkerTarget(url, null, null, null, false);
    }

    public static WorkerTarget resolve(String urlOption, String contextOption, Path configOption, Map<String, String> environment) {
        String named = contextOption != null ? contextOption : nonBlank(environment.get(CONTEXT_ENV));
        ContextStore store = new ContextStore(configOption != null ? configOption : ContextStore.defaultFile(environment));
        String contextName = null;
        String url;
        if (named != null) {
            contextName = named;
            url = urlOption != null ? urlOption : store.require(named).url();
        } else if (urlOption != null) {
            url = urlOption;
        } else if (nonBlank(environment.get(URL_ENV)) != null) {
            url = environment.get(URL_ENV);
        } else if (store.current().isPresent()) {
            contextName = store.current().get();
            url = store.require(contextName).url();
        } else {
            url = DEFAULT_URL;
        }
        if (contextName == null) {
            return withEnvironmentToken(url, environment);
        }
        WorkerContext context = store.require(contextName);
        String where = "context '" + contextName + "'";
        SSLContext ssl = ClientTls.sslContext(contextName, context, environment);
        boolean clientCertificate = context.keystore() != null || context.cert() != null;
        String authorization = null;
        if (context.user() != null) {
            if (context.password() == null) {
                throw new ClientException(ClientException.USAGE, where + " has a user but no password");
            }
            String pair = context.user() + ":" + context.password().read("the password of " + where, environment);
            authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        } else if (context.token() != null) {
            authorization = "Bearer " + context.token().read("the token of " + where, environment).strip();
        }
        if (authorization == null && nonBlank(environment.get(TOKEN_ENV)) != null) {
            WorkerTarget withToken = withEnvironmentToken(url, environment);
            return new WorkerTarget(url, withToken.authorization(), ssl,
                    clientCertificate ? where + " with " + withToken.credentials() : withToken.credentials(), clientCertificate);
        }
        return new WorkerTarget(url, authorization, ssl, authorization == null && !clientCertificate ? null : where,
                clientCertificate);
    }

    private static WorkerTarget withEnvironmentToken(String url, Map<String, String> environment) {
        String token = nonBlank(environment.get(TOKEN_ENV));
        return token == null ? plain(url) : new WorkerTarget(url, "Bearer " + token.strip(), null, "the token in $" + TOKEN_ENV, false);
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
