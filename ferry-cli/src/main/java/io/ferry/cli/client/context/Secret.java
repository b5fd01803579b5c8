package io.ferry.cli.client.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ferry.cli.client.ClientException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where a secret (a password or token) is kept: a file or an environment variable. Contexts store this reference, not
 * the secret, so the secret stays where its owner keeps it, is read fresh on every command (rotated files just work),
 * and never appears on a command line, where {@code ps} and shell history would show it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Secret(String file, String env) {

    public static Secret ofFile(Path file) {
        return new Secret(file.toAbsolutePath().normalize().toString(), null);
    }

    public static Secret ofEnv(String variable) {
        return new Secret(null, variable);
    }

    /** The secret's value, without the line end files usually have; {@code what} names it in error messages. */
    public String read(String what, Map<String, String> environment) {
        if (env != null) {
            String value = environment.get(env);
            if (value == null) {
                throw new ClientException(ClientException.USAGE, what + " comes from the environment variable " + env
                        + ", which is not set");
            }
            return value;
        }
        try {
            String value = Files.readString(Path.of(file));
            return value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                    : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        } catch (IOException e) {
            throw new ClientException(ClientException.USAGE, "cannot read " + what + " from " + file + ": " + e);
        }
    }

    @Override
    public String toString() {
        return env != null ? "$" + env : file;
    }
}
