package io.ferry.cli.client.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.cli.client.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static io.ferry.cli.client.CliRun.ferry;
import static org.assertj.core.api.Assertions.assertThat;

/** The contexts file: what {@code ferry context ...} writes, who may read it, and how the commands report. */
class ContextStoreTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config() {
        return dir.resolve("config").resolve("ferry").resolve("contexts.json");
    }

    private CliRun context(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "context";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--config";
        all[args.length + 2] = config().toString();
        return ferry(all);
    }

    @Test
    void setWritesReferencesToSecretsNeverTheSecretsInAnOwnerOnlyFile() throws Exception {
        Path password = Files.writeString(dir.resolve("pw"), "s3cret");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        CliRun set = context("set", "prod", "--url", "https://connect.example.com:8443", "--user", "alice",
                "--password-file", password.toString(), "--truststore", ca.toString());
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).isEqualTo("context prod created (" + config() + ")\n");
        CliRun ci = context("set", "ci", "--url", "http://10.0.0.1:8083", "--token-env", "CI_CONNECT_TOKEN", "--use");
        assertThat(ci.out()).startsWith("context ci created and in use");
        assertThat(ci.err()).isEqualTo("note: CI_CONNECT_TOKEN is not set here; it must be when the context is used\n");

        JsonNode file = JSON.readTree(config().toFile());
        assertThat(file.toString()).isEqualTo("{\"current\":\"ci\",\"contexts\":{"
                + "\"ci\":{\"url\":\"http://10.0.0.1:8083\",\"token\":{\"env\":\"CI_CONNECT_TOKEN\"}},"
                + "\"prod\":{\"url\":\"https://connect.example.com:8443\",\"user\":\"alice\",\"password\":{\"file\":\"" + password
                + "\"},\"truststore\":\"" + ca + "\"}}}");
        assertThat(Files.readString(config())).doesNotContain("s3cret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config().getParent()))).isEqualTo("rwx------");
    }

    @Test
    void rewritingKeepsTheFileOwnerOnlyEvenIfItWasLoosened() throws Exception {
        context("set", "a", "--url", "http://a:8083");
        Files.setPosixFilePermissions(config(), PosixFilePermissions.fromString("rw-r--r--"));
        context("set", "b", "--url", "http://b:8083");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config()))).isEqualTo("rw-------");
        try (var files = Files.list(config().getParent())) {
            assertThat(files).as("no temporary file is left behind").containsExactly(config());
        }
    }

    @Test
    void useListCurrentAndDelete() {
        assertThat(context("current").exit()).isEqualTo(4);
        assertThat(context("current").err()).isEqualTo("ferry: no current context (choose one with ferry context use NAME)\n");
        context("set", "dev", "--url", "http://127.0.0.1:8083");
        context("set", "prod", "--url", "http://prod:8083", "--user", "alice", "--password-env", "PROD_PASSWORD");

        CliRun missing = context("use", "staging");
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.err()).isEqualTo("ferry: no context named 'staging' in " + config() + " (it has dev, prod)\n");

        assertThat(context("use", "prod").out()).isEqualTo("using context prod (http://prod:8083)\n");
        assertThat(context("current").out()).isEqualTo("prod\n");
        assertThat(context("list").out()).isEqualTo("""
                CURRENT  NAME  URL                    CREDENTIALS
                         dev   http://127.0.0.1:8083  -
                *        prod  http://prod:8083       basic (alice)
                """);

        assertThat(context("delete", "prod").out()).isEqualTo("context prod deleted\n");
        assertThat(context("current").exit()).isEqualTo(4);
        assertThat(context("delete", "prod").exit()).isEqualTo(4);
        assertThat(new ContextStore(config()).contexts()).containsOnlyKeys("dev");
    }

    @Test
    void setRefusesIncompleteOrContradictoryCredentials() throws Exception {
        Path file = Files.writeString(dir.resolve("secret"), "x");
        assertThat(context("set", "a", "--url", "http://a", "--user", "alice").err()).contains("--user needs --password-file or --password-env");
        assertThat(context("set", "a", "--url", "http://a", "--user", "alice", "--password-file", file.toString(),
                "--token-file", file.toString()).err()).contains("Choose basic credentials (--user) or a bearer token");
        assertThat(context("set", "a", "--url", "http://a", "--password-file", file.toString(), "--password-env", "X").exit()).isEqualTo(2);
        assertThat(context("set", "a", "--url", "http://a", "--truststore", file.toString()).err())
                .contains("--keystore, --cert and --truststore need an https:// URL");
        assertThat(context("set", "a", "--url", "https://a", "--cert", file.toString()).err()).contains("--cert and --key go together");
        assertThat(context("set", "a", "--url", "https://a", "--keystore", file.toString()).err()).contains("--keystore needs --keystore-password");
        assertThat(context("set", "a", "--url", "https://a", "--token-file", dir.resolve("nothing").toString()).err())
                .contains("Cannot read " + dir.resolve("nothing"));
        CliRun expanded = context("set", "a", "--url", "http://a", "--token-env", "tok:3n/secret");
        assertThat(expanded.exit()).isEqualTo(2);
        assertThat(expanded.err()).contains("An environment variable name is expected after --...-env (write VAR, not $VAR)")
                .doesNotContain("tok:3n/secret");
        CliRun bad = context("set", "a", "--url", "connect:8083");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--url must start with http:// or https://");
        assertThat(config()).doesNotExist();
    }

    @Test
    void theFileIsFoundThroughTheEnvironment() {
        assertThat(ContextStore.defaultFile(Map.of("FERRY_CONFIG", "/etc/ferry/contexts.json")))
                .isEqualTo(Path.of("/etc/ferry/contexts.json"));
        assertThat(ContextStore.defaultFile(Map.of("XDG_CONFIG_HOME", "/home/a/.cfg")))
                .isEqualTo(Path.of("/home/a/.cfg/ferry/contexts.json"));
        assertThat(ContextStore.defaultFile(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".config", "ferry", "contexts.json"));
    }

    @Test
    void anUnreadableFileIsAClearError() throws Exception {
        Files.createDirectories(config().getParent());
        Files.writeString(config(), "{not json");
        CliRun list = context("list");
        assertThat(list.exit()).isEqualTo(2);
        assertThat(list.err()).startsWith("ferry: cannot read the contexts file " + config() + ": ");
    }
}
