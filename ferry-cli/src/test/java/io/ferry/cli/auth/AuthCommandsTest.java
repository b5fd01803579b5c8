package io.ferry.cli.auth;

import io.ferry.cli.FerryCli;
import io.ferry.runtime.rest.security.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class AuthCommandsTest {

    private final InputStream stdin = System.in;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void restore() {
        System.setIn(stdin);
    }

    private int run(String input, String... args) {
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        CommandLine cli = FerryCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void hashPasswordPrintsAHashThatVerifiesTheFirstLineOfStdin() {
        assertThat(run("s3cret pw\nignored\n", "auth", "hash-password", "--iterations", "1000")).isZero();
        String hash = out.toString().strip();
        assertThat(hash).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHash.verifyPassword("s3cret pw".toCharArray(), hash)).isTrue();
    }

    @Test
    void withNameAndRoleItPrintsTheWholeLine() {
        assertThat(run("pw\n", "auth", "hash-password", "--user", "alice", "--role", "read-only", "--iterations", "1000")).isZero();
        assertThat(out.toString().strip()).matches("alice:read-only:pbkdf2-sha256\\$1000\\$.+");
    }

    @Test
    void hashTokenPrintsTheSha256OfTheToken() {
        assertThat(run("abc\n", "auth", "hash-token", "--name", "ci", "--role", "operate")).isZero();
        assertThat(out.toString().strip())
                .isEqualTo("ci:operate:sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aGeneratedTokenGoesToStderrAndItsHashToStdout() {
        assertThat(run("", "auth", "hash-token", "--generate")).isZero();
        String token = err.toString().strip().replaceAll(".*: ", "");
        assertThat(out.toString().strip()).isEqualTo(PasswordHash.hashToken(token));
    }

    @Test
    void mistakesAreRefusedWithAMessage() {
        assertThat(run("", "auth", "hash-password")).isEqualTo(1);
        assertThat(err.toString()).contains("Nothing on standard input");
        assertThat(run("pw\n", "auth", "hash-password", "--user", "a", "--role", "admin", "--iterations", "1000")).isEqualTo(1);
        assertThat(err.toString()).contains("read-only, operate");
        assertThat(run("pw\n", "auth", "hash-token", "--role", "operate")).isEqualTo(1);
        assertThat(err.toString()).contains("--role needs --name");
    }
}
