package io.ferry.runtime.rest.security;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Password and token hashes as the users and tokens files store them.
 * <p>
 * Passwords: {@code pbkdf2-sha256$<iterations>$<salt, base64>$<hash, base64>} (PBKDF2 with HMAC-SHA256, a random
 * 16-byte salt, a 256-bit result), so that a stolen file does not give the passwords away cheaply. Tokens are long
 * random strings, not guessable words, so one SHA-256 is enough: {@code sha256$<hex>}.
 */
public final class PasswordHash {

    public static final String PBKDF2_PREFIX = "pbkdf2-sha256";
    public static final String SHA256_PREFIX = "sha256";
    /** OWASP's recommendation for PBKDF2-HMAC-SHA256 (2023). */
    public static final int DEFAULT_ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {
    }

    public static String hashPassword(char[] password) {
        return hashPassword(password, DEFAULT_ITERATIONS);
    }

    public static String hashPassword(char[] password, int iterations) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PBKDF2_PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** Whether the password matches a stored {@code pbkdf2-sha256$...} hash; false for a malformed hash. */
    public static boolean verifyPassword(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PBKDF2_PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, pbkdf2(password, salt, iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Why a stored password hash cannot be used, or null when it can. */
    static String passwordHashProblem(String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PBKDF2_PREFIX)) {
            return "expected " + PBKDF2_PREFIX + "$<iterations>$<salt>$<hash> (see 'ferry auth hash-password')";
        }
        try {
            if (Integer.parseInt(parts[1]) < 1) {
                return "the iteration count must be positive";
            }
            Base64.getDecoder().decode(parts[2]);
            Base64.getDecoder().decode(parts[3]);
            return null;
        } catch (IllegalArgumentException e) {
            return "the iteration count, salt or hash is malformed";
        }
    }

    /** {@code sha256$<hex>} of a bearer token. */
    public static String hashToken(String token) {
        return SHA256_PREFIX + "$" + HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A new random bearer token: 32 random bytes, URL-safe base64. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] pbkdf2(char[] password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
        }
    }
}
