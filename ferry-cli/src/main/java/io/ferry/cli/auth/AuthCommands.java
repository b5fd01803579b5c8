package io.ferry.cli.auth;

import io.ferry.runtime.rest.security.PasswordHash;
import io.ferry.runtime.rest.security.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * {@code ferry auth hash-password|hash-token}: the lines of {@code rest.auth.users.file} and
 * {@code rest.auth.tokens.file}. Secrets are read from the terminal without echo, or from the first line of standard
 * input when it is not a terminal, never from the command line (where shell history and {@code ps} would show them).
 */
@Command(name = "auth", mixinStandardHelpOptions = true,
        description = "Hash passwords and tokens for the REST API's users and tokens files (see docs/security.md).",
        subcommands = {AuthCommands.HashPassword.class, AuthCommands.HashToken.class})
public final class AuthCommands implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A user or token name and a role, to print a whole line of the file instead of the hash alone. */
    static final class Entry {
        @Option(names = "--role", paramLabel = "ROLE", description = "read-only or operate; with --name, prints a whole line.")
        String role;

        String line(String name, String hash) {
            if (name == null) {
                if (role != null) {
                    throw new IllegalArgumentException("--role needs --name");
                }
                return hash;
            }
            if (name.contains(":") || name.isBlank()) {
                throw new IllegalArgumentException("A name cannot be empty or contain ':'");
            }
            Role parsed = Role.parse(role == null ? "" : role).orElseThrow(() -> new IllegalArgumentException(
                    "--role must be one of: " + Role.labels()));
            return name + ":" + parsed.label() + ":" + hash;
        }
    }

    @Command(name = "hash-password", mixinStandardHelpOptions = true,
            description = {"Prints the hash of a password for rest.auth.users.file (PBKDF2-HMAC-SHA256, salted).",
                    "The password is asked for twice on a terminal, or read from the first line of standard input."})
    static final class HashPassword implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = {"--name", "--user"}, paramLabel = "USER", description = "The user; with --role, prints a whole line.")
        String name;

        @CommandLine.Mixin
        Entry entry = new Entry();

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
                description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Override
        public Integer call() throws IOException {
            if (iterations < 1) {
                throw new IllegalArgumentException("--iterations must be positive");
            }
            char[] password = readSecret("Password: ", true);
            try {
                if (password.length == 0) {
                    throw new IllegalArgumentException("The password is empty");
                }
                spec.commandLine().getOut().println(entry.line(name, PasswordHash.hashPassword(password, iterations)));
                return 0;
            } finally {
                Arrays.fill(password, '\0');
            }
        }
    }

    @Command(name = "hash-token", mixinStandardHelpOptions = true,
            description = {"Prints the hash of a bearer token for rest.auth.tokens.file (SHA-256).",
                    "The token is read from the terminal or the first line of standard input; with --generate, a new "
                            + "random token is made and written to standard error, for you to hand to its client."})
    static final class HashToken implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Option(names = "--name", paramLabel = "NAME", description = "Whose token it is; with --role, prints a whole line.")
        String name;

        @CommandLine.Mixin
        Entry entry = new Entry();

        @Option(names = "--generate", description = "Make a new random token instead of reading one.")
        boolean generate;

        @Override
        public Integer call() throws IOException {
            String token;
            if (generate) {
                token = PasswordHash.newToken();
                spec.commandLine().getErr().println("Token (not stored anywhere; give it to the client now): " + token);
            } else {
                token = new String(readSecret("Token: ", false)).strip();
            }
            if (token.isEmpty()) {
                throw new IllegalArgumentException("The token is empty");
            }
            spec.commandLine().getOut().println(entry.line(name, PasswordHash.hashToken(token)));
            return 0;
        }
    }

    private static char[] readSecret(String prompt, boolean confirm) throws IOException {
        Console console = System.console();
        if (console != null) {
            char[] secret = console.readPassword(prompt);
            if (secret == null) {
                throw new IllegalArgumentException("Nothing was entered");
            }
            if (confirm) {
                char[] again = console.readPassword("Again: ");
                boolean same = Arrays.equals(secret, again);
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
                if (!same) {
                    throw new IllegalArgumentException("The two entries differ");
                }
            }
            return secret;
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("Nothing on standard input");
        }
        return line.toCharArray();
    }
}
