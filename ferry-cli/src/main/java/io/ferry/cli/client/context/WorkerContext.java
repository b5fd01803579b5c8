package io.ferry.cli.client.context;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A named worker: its URL and how to prove who we are to it. At most one of basic ({@code user} and {@code password})
 * or bearer ({@code token}) credentials; independently, a client certificate ({@code keystore}, or {@code cert} and
 * {@code key} as PEM files) for mutual TLS, and a {@code truststore} (keystore or PEM certificates) for workers whose
 * certificate the JDK's default trust does not cover. File paths are absolute.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkerContext(
        String url,
        String user,
        Secret password,
        Secret token,
        String keystore,
        @JsonProperty("keystore_password") Secret keystorePassword,
        String cert,
        String key,
        String truststore,
        @JsonProperty("truststore_password") Secret truststorePassword) {

    public static WorkerContext of(String url) {
        return new WorkerContext(url, null, null, null, null, null, null, null, null, null);
    }

    /** How {@code ferry context list} shows the credentials: kinds and user, never secrets. */
    @JsonIgnore
    public String authSummary() {
        StringBuilder sb = new StringBuilder();
        if (user != null) {
            sb.append("basic (").append(user).append(')');
        }
        if (token != null) {
            sb.append("bearer");
        }
        if (keystore != null || cert != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("client certificate");
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    /** Whether any TLS setting is given, which needs an https URL. */
    @JsonIgnore
    public boolean hasTlsSettings() {
        return keystore != null || cert != null || truststore != null;
    }
}
