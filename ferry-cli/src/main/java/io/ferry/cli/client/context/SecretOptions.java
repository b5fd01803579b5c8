package io.ferry.cli.client.context;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options of {@code ferry context set} that name where a secret is: each pair (a file, or an environment variable)
 * is an exclusive group, so at most one of the two is given.
 */
final class SecretOptions {

    private SecretOptions() {
    }

    /** A secret's file or environment variable, as one of the exclusive option pairs below gives it. */
    abstract static class SecretSource {
        abstract Path file();

        abstract String env();
    }

    /** The secret the options name, or null when none was given. */
    static Secret secret(SecretSource source) {
        return source == null ? null : source.file() != null ? Secret.ofFile(source.file()) : Secret.ofEnv(source.env());
    }

    /** The file the options name, or null. */
    static Path file(SecretSource source) {
        return source == null ? null : source.file();
    }

    static final class PasswordSource extends SecretSource {
        @Option(names = "--password-file", paramLabel = "FILE", description = "A file holding the password.")
        Path file;
        @Option(names = "--password-env", paramLabel = "VAR", description = "An environment variable holding the password.")
        String env;

        Path file() {
            return file;
        }

        String env() {
            return env;
        }
    }

    static final class TokenSource extends SecretSource {
        @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding a bearer token.")
        Path file;
        @Option(names = "--token-env", paramLabel = "VAR", description = "An environment variable holding a bearer token.")
        String env;

        Path file() {
            return file;
        }

        String env() {
            return env;
        }
    }

    static final class KeystorePasswordSource extends SecretSource {
        @Option(names = "--keystore-password-file", paramLabel = "FILE", description = "A file holding the keystore password.")
        Path file;
        @Option(names = "--keystore-password-env", paramLabel = "VAR",
                description = "An environment variable holding the keystore password.")
        String env;

        Path file() {
            return file;
        }

        String env() {
            return env;
        }
    }

    static final class TruststorePasswordSource extends SecretSource {
        @Option(names = "--truststore-password-file", paramLabel = "FILE", description = "A file holding the truststore password.")
        Path file;
        @Option(names = "--truststore-password-env", paramLabel = "VAR",
                description = "An environment variable holding the truststore password.")
        String env;

        Path file() {
            return file;
        }

        String env() {
            return env;
        }
    }
}
