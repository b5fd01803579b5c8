package io.ferry.runtime.rest.security;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users of HTTP Basic authentication ({@code rest.auth.users.file}): one {@code name:role:hash} a line, the
 * hash as {@code ferry auth hash-password} prints it.
 */
final class UsersFile {

    static final String FORMAT = "<user>:<role>:pbkdf2-sha256$<iterations>$<salt>$<hash>";
    // A successful check costs a PBKDF2 run (tenths of a second by design); clients send their password with every
    // request, so a success is remembered, keyed by a SHA-256 of user and password, until the file changes.
    private static final int MAX_REMEMBERED = 10_000;

    private record User(Role role, String hash) {
    }

    private record Users(Map<String, User> byName, Map<String, Role> verified) {
    }

    private final WatchedFile<Users> file;

    UsersFile(Path path, String key) {
        file = new WatchedFile<>(path, key, UsersFile::parse);
    }

    private static Users parse(List<WatchedFile.Line> lines) {
        Map<String, User> users = new HashMap<>();
        for (WatchedFile.Line line : lines) {
            String[] fields = WatchedFile.fields(line, 3, FORMAT);
            Role role = WatchedFile.role(line, fields[1]);
            String problem = PasswordHash.passwordHashProblem(fields[2]);
            if (problem != null) {
                throw new WatchedFile.LineException(line.number(), problem);
            }
            if (users.put(fields[0], new User(role, fields[2])) != null) {
                throw new WatchedFile.LineException(line.number(), "user '" + fields[0] + "' is listed twice");
            }
        }
        return new Users(Map.copyOf(users), new ConcurrentHashMap<>());
    }

    /** The caller these credentials prove, if they are right. */
    Optional<Caller> authenticate(String user, String password) {
        Users users = file.current();
        String remembered = HexFormat.of().formatHex(PasswordHash.sha256(user + '\u0000' + password));
        Role role = users.verified().get(remembered);
        if (role != null) {
            return Optional.of(new Caller(user, role, "BASIC"));
        }
        User entry = users.byName().get(user);
        if (entry == null) {
            // As long as for a known user, so that timing does not tell which users exist.
            users.byName().values().stream().findFirst()
                    .ifPresent(any -> PasswordHash.verifyPassword(password.toCharArray(), any.hash()));
            return Optional.empty();
        }
        if (!PasswordHash.verifyPassword(password.toCharArray(), entry.hash())) {
            return Optional.empty();
        }
        if (users.verified().size() >= MAX_REMEMBERED) {
            users.verified().clear();
        }
        users.verified().put(remembered, entry.role());
        return Optional.of(new Caller(user, entry.role(), "BASIC"));
    }
}
