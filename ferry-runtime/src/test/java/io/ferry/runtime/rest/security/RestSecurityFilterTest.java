package io.ferry.runtime.rest.security;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RestSecurityFilterTest {

    @TempDir
    Path dir;
    private RestSecurityFilter secured;
    private boolean signaturesVerified = true;
    private final HostCheck hosts = new HostCheck(List.of(), List.of("127.0.0.1"), false);

    @BeforeEach
    void users() throws Exception {
        Path users = Files.writeString(dir.resolve("users"),
                "ops:operate:" + PasswordHash.hashPassword("ops-pw".toCharArray(), 1_000) + "\n"
                        + "viewer:read-only:" + PasswordHash.hashPassword("view-pw".toCharArray(), 1_000) + "\n");
        Path tokens = Files.writeString(dir.resolve("tokens"), "ci:operate:" + PasswordHash.hashToken("ci-token") + "\n");
        secured = new RestSecurityFilter(hosts, new Authenticator(new UsersFile(users, "rest.auth.users.file"),
                new TokensFile(tokens, "rest.auth.tokens.file"), null), () -> signaturesVerified);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private FakeHttp.Response run(RestSecurityFilter filter, HttpServletRequest request, FakeHttp.Chain chain) throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        filter.doFilter(request, response.servlet, chain);
        return response;
    }

    private FakeHttp.Response run(String method, String path, Map<String, String> headers) throws Exception {
        return run(secured, FakeHttp.request(method, path, headers), new FakeHttp.Chain());
    }

    @Test
    void withoutAuthenticationConfiguredEverythingPassesButForeignHostNames() throws Exception {
        RestSecurityFilter open = new RestSecurityFilter(hosts, new Authenticator(null, null, null), () -> true);
        FakeHttp.Chain chain = new FakeHttp.Chain();
        assertThat(run(open, FakeHttp.request("PUT", "/admin/loggers/root", Map.of()), chain).status).isEqualTo(200);
        assertThat(chain.passed).isNotNull();

        FakeHttp.Chain refused = new FakeHttp.Chain();
        FakeHttp.Response response = run(open, FakeHttp.request("POST", "/connectors",
                Map.of("Host", "evil.example:8083", "Origin", "http://evil.example:8083")), refused);
        assertThat(refused.passed).isNull();
        assertThat(response.status).isEqualTo(421);
        assertThat(response.contentType).isEqualTo("application/json");
        assertThat(response.body()).startsWith("{\"error_code\":421,\"message\":").contains("rest.allowed.hosts")
                .contains("evil.example");
    }

    @Test
    void missingOrWrongCredentialsAre401WithChallenges() throws Exception {
        for (Map<String, String> headers : List.of(Map.<String, String>of(), Map.of("Authorization", basic("ops", "nope")),
                Map.of("Authorization", basic("nobody", "ops-pw")), Map.of("Authorization", "Basic !!!"),
                Map.of("Authorization", "Bearer wrong"), Map.of("Authorization", "Bearer"))) {
            FakeHttp.Response response = run("GET", "/connectors", headers);
            assertThat(response.status).as(headers.toString()).isEqualTo(401);
            assertThat(response.challenges).containsExactly("Basic realm=\"ferry\", charset=\"UTF-8\"", "Bearer realm=\"ferry\"");
            assertThat(response.body()).startsWith("{\"error_code\":401,\"message\":");
        }
        assertThat(run("GET", "/connectors", Map.of()).body())
                .contains("Authentication is required: send HTTP Basic credentials or a bearer token.");
    }

    @Test
    void readOnlyReadsButChangesNothingAndStaysOutOfAdmin() throws Exception {
        Map<String, String> viewer = Map.of("Authorization", basic("viewer", "view-pw"));
        assertThat(run("GET", "/connectors", viewer).status).isEqualTo(200);
        assertThat(run("GET", "/", viewer).status).isEqualTo(200);
        assertThat(run("GET", "/metrics", viewer).status).isEqualTo(200);
        for (String[] request : new String[][]{{"POST", "/connectors"}, {"DELETE", "/connectors/a"},
                {"PUT", "/connectors/a/config"}, {"GET", "/admin/loggers"}, {"PUT", "/admin/loggers/root"}}) {
            FakeHttp.Response response = run(request[0], request[1], viewer);
            assertThat(response.status).as(String.join(" ", request)).isEqualTo(403);
            assertThat(response.challenges).isEmpty();
            assertThat(response.body()).startsWith("{\"error_code\":403,\"message\":")
                    .contains("'viewer' has the read-only role").contains("operate");
        }
    }

    @Test
    void operateDoesEverythingAndTheRequestNamesTheCaller() throws Exception {
        FakeHttp.Chain chain = new FakeHttp.Chain();
        run(secured, FakeHttp.request("PUT", "/admin/loggers/root", Map.of("Authorization", basic("ops", "ops-pw"))), chain);
        HttpServletRequest passed = (HttpServletRequest) chain.passed;
        assertThat(passed.getUserPrincipal().getName()).isEqualTo("ops");
        assertThat(passed.getAuthType()).isEqualTo("BASIC");
        assertThat(passed.isUserInRole("operate")).isTrue();
        assertThat(passed.isUserInRole("read-only")).isTrue();

        assertThat(run("DELETE", "/connectors/a", Map.of("Authorization", "Bearer ci-token")).status).isEqualTo(200);
        assertThat(run("DELETE", "/connectors/a", Map.of("Authorization", "bearer  ci-token ")).status).isEqualTo(200);
    }

    @Test
    void healthProbesNeedNoCredentialsButAForeignHostIsStillRefused() throws Exception {
        for (String probe : new String[]{"/health", "/health/live", "/health/ready"}) {
            assertThat(run("GET", probe, Map.of()).status).as(probe).isEqualTo(200);
        }
        assertThat(run("GET", "/health", Map.of("Host", "evil.example")).status).isEqualTo(421);
    }

    @Test
    void workerToWorkerRequestsPassOnTheirSignatureForTheHerderToCheck() throws Exception {
        Map<String, String> signed = Map.of("X-Connect-Authorization", "c2lnbmF0dXJl",
                "X-Connect-Request-Signature-Algorithm", "HmacSHA256");
        assertThat(run("POST", "/connectors/a/tasks", signed).status).isEqualTo(200);
        assertThat(run("PUT", "/connectors/a/fence", signed).status).isEqualTo(200);
        // Unsigned, they need an operator's credentials; the signature does not open other endpoints.
        assertThat(run("POST", "/connectors/a/tasks", Map.of()).status).isEqualTo(401);
        assertThat(run("POST", "/connectors/a/tasks", Map.of("Authorization", basic("viewer", "view-pw"))).status)
                .isEqualTo(403);
        assertThat(run("POST", "/connectors/a/tasks", Map.of("Authorization", basic("ops", "ops-pw"))).status)
                .isEqualTo(200);
        Map<String, String> signedWithWrongPassword = new java.util.HashMap<>(signed);
        signedWithWrongPassword.put("Authorization", basic("ops", "wrong"));
        assertThat(run("POST", "/connectors/a/tasks", signedWithWrongPassword).status).isEqualTo(401);
        Map<String, String> signedByReadOnly = new java.util.HashMap<>(signed);
        signedByReadOnly.put("Authorization", basic("viewer", "view-pw"));
        assertThat(run("POST", "/connectors/a/tasks", signedByReadOnly).status).isEqualTo(200);
        assertThat(run("POST", "/connectors", signed).status).isEqualTo(401);
        assertThat(run("PUT", "/admin/loggers/root", signed).status).isEqualTo(401);
    }

    @Test
    void aPathWrittenSoThatTheServerAndTheApiReadItDifferentlyNeedsAnOperator() throws Exception {
        // The server resolves the encoded dot segments to /health; the API routes to the connector "../../health".
        FakeHttp.Response anonymous = run(secured, FakeHttp.request("DELETE", "/connectors/..%2F..%2Fhealth", "/health",
                Map.of()), new FakeHttp.Chain());
        assertThat(anonymous.status).isEqualTo(401);
        FakeHttp.Response viewer = run(secured, FakeHttp.request("GET", "/%61dmin/loggers", "/admin/loggers",
                Map.of("Authorization", basic("viewer", "view-pw"))), new FakeHttp.Chain());
        assertThat(viewer.status).isEqualTo(403);
        FakeHttp.Response operator = run(secured, FakeHttp.request("DELETE", "/connectors/..%2F..%2Fhealth", "/health",
                Map.of("Authorization", basic("ops", "ops-pw"))), new FakeHttp.Chain());
        assertThat(operator.status).isEqualTo(200);
    }

    @Test
    void whereTheHerderIgnoresSignaturesASignatureOpensNothing() throws Exception {
        signaturesVerified = false;
        Map<String, String> signed = Map.of("X-Connect-Authorization", "c2lnbmF0dXJl",
                "X-Connect-Request-Signature-Algorithm", "HmacSHA256");
        assertThat(run("POST", "/connectors/a/tasks", signed).status).isEqualTo(401);
        assertThat(run("PUT", "/connectors/a/fence", signed).status).isEqualTo(401);
        Map<String, String> withOperator = new java.util.HashMap<>(signed);
        withOperator.put("Authorization", basic("ops", "ops-pw"));
        assertThat(run("POST", "/connectors/a/tasks", withOperator).status).isEqualTo(200);
    }

    @Test
    void headersOfSchemesFerryDoesNotCheckAreLeftToExtensions() throws Exception {
        Path certificates = Files.writeString(dir.resolve("certs"), "operate:CN=admin\n");
        RestSecurityFilter certificatesOnly = new RestSecurityFilter(hosts, new Authenticator(null, null,
                new CertificatesFile(certificates, "rest.auth.certificates.file")), () -> true);
        FakeHttp.Response response = run(certificatesOnly, FakeHttp.request("GET", "/connectors",
                Map.of("Authorization", basic("ops", "ops-pw"))), new FakeHttp.Chain());
        assertThat(response.status).isEqualTo(401);
        assertThat(response.challenges).isEmpty();
        assertThat(response.body()).contains("send a client certificate");
    }
}
