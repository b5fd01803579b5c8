package io.ferry.cli.client;

import io.ferry.testsupport.TestCertificates;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a worker's REST API over real HTTP or HTTPS, on Jetty as the worker's own REST server is (so TLS
 * refusals reach the client as they would from a worker): answers every request with a fixed status, headers and body,
 * and records what each request carried (method, path, Authorization header, client certificate, body).
 */
public final class TestWorker implements AutoCloseable {

    public record Seen(String method, String path, String authorization, String clientCertificate, String body) {
    }

    private final Server server = new Server();
    private final ServerConnector connector;
    private final boolean https;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = "{}";
    private volatile Map<String, String> headers = Map.of();

    private TestWorker(SslContextFactory.Server ssl) throws Exception {
        HttpConfiguration config = new HttpConfiguration();
        if (ssl != null) {
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            config.addCustomizer(secure);
        }
        https = ssl != null;
        connector = ssl == null ? new ServerConnector(server, new HttpConnectionFactory(config))
                : new ServerConnector(server, ssl, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                record(request);
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                headers.forEach((name, value) -> response.getHeaders().put(name, value));
                Content.Sink.write(response, true, body, callback);
                return true;
            }
        });
        server.start();
    }

    public static TestWorker http() throws Exception {
        return new TestWorker(null);
    }

    /** An HTTPS worker with the certificate in {@code keystore}; with {@code clientTruststore}, it requires client certificates it trusts. */
    public static TestWorker https(Path keystore, Path clientTruststore) throws Exception {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(TestCertificates.PASSWORD);
        if (clientTruststore != null) {
            ssl.setTrustStorePath(clientTruststore.toString());
            ssl.setTrustStoreType("PKCS12");
            ssl.setTrustStorePassword(TestCertificates.PASSWORD);
            ssl.setNeedClientAuth(true);
        }
        return new TestWorker(ssl);
    }

    public String url() {
        return (https ? "https" : "http") + "://127.0.0.1:" + connector.getLocalPort();
    }

    /** Answers from now on with this status, body and headers. */
    public TestWorker answer(int status, String body, Map<String, String> headers) {
        this.status = status;
        this.body = body;
        this.headers = headers;
        return this;
    }

    public List<Seen> seen() {
        return seen;
    }

    private void record(Request request) throws Exception {
        String certificate = null;
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.peerCertificates() != null && tls.peerCertificates().length > 0) {
            certificate = ((X509Certificate) tls.peerCertificates()[0]).getSubjectX500Principal().getName();
        }
        String target = request.getHttpURI().getPathQuery();
        seen.add(new Seen(request.getMethod(), target, request.getHeaders().get(HttpHeader.AUTHORIZATION), certificate,
                Content.Source.asString(request)));
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
