package io.ferry.runtime.rest.security;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer tokens ({@code rest.auth.tokens.file}): one {@code name:role:sha256$<hex>} a line. Only the tokens'
 * hashes are stored; the name says whose token it is, in logs and to extensions.
 */
final class TokensFile {

    static final String FORMAT = "<name>:<role>:sha256$<hex of the token's SHA-256>";

    private record Token(String name, Role role) {
    }

    private final WatchedFile<Map<String, Token>> file;

    TokensFile(Path path, String key) {
        file = new WatchedFile<>(path, key, TokensFile::parse);
    }

    private static Map<String, Token> parse(List<WatchedFile.Line> lines) {
        Map<String, Token> tokens = new HashMap<>();
        for (WatchedFile.Line line : lines) {
            String[] fields = WatchedFile.fields(line, 3, FORMAT);
            Role role = WatchedFile.role(line, fields[1]);
            String hash = fields[2].toLowerCase(Locale.ROOT);
            if (!hash.matches("sha256\\$[0-9a-f]{64}")) {
                throw new WatchedFile.LineException(line.number(),
                        "expected the token's hash as sha256$<64 hex digits> (see 'ferry auth hash-token')");
            }
            if (tokens.put(hash, new Token(fields[0], role)) != null) {
                throw new WatchedFile.LineException(line.number(), "the same token is listed twice");
            }
        }
        return Map.copyOf(tokens);
    }

    Optional<Caller> authenticate(String token) {
        Token found = file.current().get(PasswordHash.hashToken(token));
        return found == null ? Optional.empty() : Optional.of(new Caller(found.name(), found.role(), "BEARER"));
    }
}
