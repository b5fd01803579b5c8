package io.ferry.runtime.rest.security;

import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.security.auth.x500.X500Principal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CredentialFilesTest {

    @TempDir
    Path dir;

    private static String hash(String password) {
        return PasswordHash.hashPassword(password.toCharArray(), 1_000);
    }

    @Test
    void usersAreCheckedAgainstTheirHashAndGetTheirRole() throws Exception {
        Path file = Files.writeString(dir.resolve("users"), "# REST users\n\nalice:operate:" + hash("a-pw") + "\n"
                + "bob : read-only : " + hash("b:pw") + "\n");
        UsersFile users = new UsersFile(file, "rest.auth.users.file");

        assertThat(users.authenticate("alice", "a-pw")).contains(new Caller("alice", Role.OPERATE, "BASIC"));
        assertThat(users.authenticate("bob", "b:pw")).contains(new Caller("bob", Role.READ_ONLY, "BASIC"));
        // Again, from what was remembered of the first success.
        assertThat(users.authenticate("alice", "a-pw")).isPresent();
        assertThat(users.authenticate("alice", "b:pw")).isEmpty();
        assertThat(users.authenticate("carol", "a-pw")).isEmpty();
    }

    @Test
    void aChangedFileIsReadAgainAndTheOldPasswordNoLongerWorks() throws Exception {
        Path file = Files.writeString(dir.resolve("users"), "alice:operate:" + hash("old") + "\n");
        UsersFile users = new UsersFile(file, "rest.auth.users.file");
        assertThat(users.authenticate("alice", "old")).isPresent();

        // Written beside it and renamed, as editors and config management do.
        Path next = Files.writeString(dir.resolve("users.next"), "alice:read-only:" + hash("new") + "\n");
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(Duration.ofSeconds(10)).until(() -> users.authenticate("alice", "new").isPresent());
        assertThat(users.authenticate("alice", "new")).map(Caller::role).contains(Role.READ_ONLY);
        assertThat(users.authenticate("alice", "old")).isEmpty();
    }

    @Test
    void aBrokenEditKeepsTheLastGoodContents() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens"), "ci:operate:" + PasswordHash.hashToken("t0ken") + "\n");
        TokensFile tokens = new TokensFile(file, "rest.auth.tokens.file");

        Files.writeString(file, "ci:superuser:" + PasswordHash.hashToken("t0ken") + "\nmore\n");

        assertThat(tokens.authenticate("t0ken")).contains(new Caller("ci", Role.OPERATE, "BEARER"));
        Files.delete(file);
        assertThat(tokens.authenticate("t0ken")).isPresent();
    }

    @Test
    void tokensAreLookedUpByTheirHash() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens"), "ci:operate:" + PasswordHash.hashToken("one") + "\n"
                + "grafana:read-only:" + PasswordHash.hashToken("two").toUpperCase().replace("SHA256", "sha256") + "\n");
        TokensFile tokens = new TokensFile(file, "rest.auth.tokens.file");

        assertThat(tokens.authenticate("one")).contains(new Caller("ci", Role.OPERATE, "BEARER"));
        assertThat(tokens.authenticate("two")).contains(new Caller("grafana", Role.READ_ONLY, "BEARER"));
        assertThat(tokens.authenticate("three")).isEmpty();
        assertThat(tokens.authenticate(PasswordHash.hashToken("one"))).isEmpty();
    }

    @Test
    void certificateSubjectsMatchWholeNamesOrCommonNamePatterns() throws Exception {
        Path file = Files.writeString(dir.resolve("certs"), """
                operate: CN=alice, OU=ops, O=Example
                operate: CN=worker-*.connect.internal
                read-only: CN=*
                """);
        CertificatesFile certificates = new CertificatesFile(file, "rest.auth.certificates.file");

        assertThat(role(certificates, "cn=Alice,ou=Ops,o=example")).contains(Role.OPERATE);
        assertThat(role(certificates, "CN=alice,OU=dev,O=Example")).contains(Role.READ_ONLY);
        assertThat(role(certificates, "CN=worker-3.connect.internal,O=Example")).contains(Role.OPERATE);
        assertThat(role(certificates, "CN=worker-3.connect.internal.evil,O=Example")).contains(Role.READ_ONLY);

        CertificatesFile strict = new CertificatesFile(Files.writeString(dir.resolve("strict"),
                "operate:CN=worker-*\n"), "rest.auth.certificates.file");
        assertThat(role(strict, "CN=dashboard")).isEmpty();
        assertThat(role(strict, "CN=dashboard,OU=worker-1")).isEmpty();
    }

    private static Optional<Role> role(CertificatesFile file, String subject) {
        return file.authenticate(new X500Principal(subject)).map(Caller::role);
    }

    @Test
    void unusableFilesStopTheWorkerWithTheLineAndTheKey() throws Exception {
        assertThatThrownBy(() -> new UsersFile(dir.resolve("missing"), "rest.auth.users.file"))
                .isInstanceOf(ConnectException.class).hasMessageContaining("rest.auth.users.file");
        Path users = Files.writeString(dir.resolve("users"), "alice:operate:" + hash("pw") + "\nbob:admin:" + hash("pw"));
        assertThatThrownBy(() -> new UsersFile(users, "rest.auth.users.file"))
                .hasMessageContaining("line 2").hasMessageContaining("unknown role 'admin'")
                .hasMessageContaining("read-only, operate");
        Path plain = Files.writeString(dir.resolve("plain"), "alice:operate:secret\n");
        assertThatThrownBy(() -> new UsersFile(plain, "rest.auth.users.file"))
                .hasMessageContaining("line 1").hasMessageContaining("ferry auth hash-password");
        Path twice = Files.writeString(dir.resolve("twice"), "a:operate:" + hash("x") + "\na:operate:" + hash("y"));
        assertThatThrownBy(() -> new UsersFile(twice, "rest.auth.users.file")).hasMessageContaining("listed twice");
        Path token = Files.writeString(dir.resolve("token"), "ci:operate:my-token\n");
        assertThatThrownBy(() -> new TokensFile(token, "rest.auth.tokens.file")).hasMessageContaining("ferry auth hash-token");
        Path cert = Files.writeString(dir.resolve("cert"), "operate:not a name\n");
        assertThatThrownBy(() -> new CertificatesFile(cert, "rest.auth.certificates.file"))
                .hasMessageContaining("not a distinguished name");
    }
}
