package io.ferry.runtime.rest.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHashTest {

    @Test
    void aPasswordVerifiesAgainstItsOwnHashOnly() {
        String hash = PasswordHash.hashPassword("s3cret".toCharArray(), 1_000);

        assertThat(hash).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
        assertThat(PasswordHash.verifyPassword("s3cret".toCharArray(), hash)).isTrue();
        assertThat(PasswordHash.verifyPassword("s3cret ".toCharArray(), hash)).isFalse();
        assertThat(PasswordHash.passwordHashProblem(hash)).isNull();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(PasswordHash.hashPassword("pw".toCharArray(), 1_000))
                .isNotEqualTo(PasswordHash.hashPassword("pw".toCharArray(), 1_000));
    }

    @Test
    void theDefaultHashUsesTheRecommendedIterations() {
        assertThat(PasswordHash.hashPassword("pw".toCharArray())).startsWith("pbkdf2-sha256$600000$");
    }

    @Test
    void malformedHashesVerifyNothingAndSayWhy() {
        for (String bad : new String[]{"plain", "pbkdf2-sha256$x$AAAA$AAAA", "md5$1$AAAA$AAAA", "pbkdf2-sha256$10$!!$AAAA"}) {
            assertThat(PasswordHash.verifyPassword("plain".toCharArray(), bad)).as(bad).isFalse();
            assertThat(PasswordHash.passwordHashProblem(bad)).as(bad).isNotNull();
        }
    }

    @Test
    void tokensHashToSha256Hex() {
        // echo -n abc | sha256sum
        assertThat(PasswordHash.hashToken("abc"))
                .isEqualTo("sha256$ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(PasswordHash.newToken()).hasSize(43).isNotEqualTo(PasswordHash.newToken());
    }
}
