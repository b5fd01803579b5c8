package io.ferry.cli.client;

import io.ferry.cli.client.context.WorkerTarget;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** One-line messages for a worker that refuses who we are: 401 and 403 answers, and TLS handshakes that fail. */
final class Refusals {

    private Refusals() {
    }

    /** The message for a 401 or 403 answer whose own message is {@code message}. */
    static String message(WorkerTarget target, int status, String challenge, String message) {
        String credentials = target.credentials();
        if (status == 401) {
            if (credentials != null) {
                return "the worker refused the credentials of " + credentials + " (401): " + message;
            }
            return "the worker needs credentials (401" + (challenge == null ? "" : ", it asks for " + challenge) + "): "
                    + message + "; give them with a context (ferry context set) or FERRY_TOKEN";
        }
        return credentials == null
                ? "the worker does not allow this request without credentials (403): " + message
                : "the worker does not allow this request to the credentials of " + credentials + " (403): " + message;
    }

    /** A clear failure for a TLS problem somewhere in {@code e}'s causes; null when it is not one. */
    static ClientException tlsFailure(WorkerTarget target, String url, Throwable e) {
        SSLException ssl = null;
        for (Throwable t = e; t != null && ssl == null; t = t.getCause()) {
            if (t instanceof SSLException s) {
                ssl = s;
            }
        }
        if (ssl == null) {
            return null;
        }
        String reason = ssl.getMessage() == null ? ssl.getClass().getSimpleName() : ssl.getMessage();
        // An alert the worker sent about a certificate is about ours: it wants one, or does not accept the one we gave.
        if (reason.startsWith("Received fatal alert") && reason.contains("certificate")) {
            return new ClientException(ClientException.REFUSED, !target.clientCertificate()
                    ? "the worker at " + url + " wants a client certificate (TLS: " + reason
                            + "); give one with ferry context set --keystore or --cert/--key"
                    : "the worker at " + url + " refused the client certificate of " + target.credentials() + " (TLS: " + reason + ")");
        }
        if (ssl instanceof SSLHandshakeException && !reason.startsWith("Received fatal alert")) {
            return new ClientException(ClientException.UNREACHABLE, "cannot verify the certificate of the worker at " + url
                    + ": " + reason + " (give its CA with ferry context set --truststore)");
        }
        return new ClientException(ClientException.UNREACHABLE, "TLS with the worker at " + url + " failed: " + reason);
    }
}
