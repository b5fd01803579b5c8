package io.ferry.cli.client.context;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ferry.cli.client.ClientException;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The client's contexts file: named workers and which one is current. The file may name secret files and users, so it
 * is written readable by its owner only (0600, in a 0700 directory when the directory is created), and replaced
 * atomically so that an interrupted write never leaves half a file.
 */
public final class ContextStore {

    /** Where the contexts file is unless {@code --config} says otherwise. */
    public static final String CONFIG_ENV = "FERRY_CONFIG";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // A file written by a newer client, with settings this one does not know, can still be used.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The file's shape. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Contents(String current, Map<String, WorkerContext> contexts) {
        Contents {
            contexts = contexts == null ? new TreeMap<>() : new TreeMap<>(contexts);
        }
    }

    private final Path file;
    private Contents contents;

    public ContextStore(Path file) {
        this.file = file;
    }

    /** {@code $FERRY_CONFIG}, else {@code $XDG_CONFIG_HOME/ferry/contexts.json}, else {@code ~/.config/ferry/contexts.json}. */
    public static Path defaultFile(Map<String, String> environment) {
        String explicit = environment.get(CONFIG_ENV);
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("ferry").resolve("contexts.json");
    }

    public Path file() {
        return file;
    }

    public Optional<String> current() {
        return Optional.ofNullable(contents().current());
    }

    /** The contexts by name, sorted. */
    public Map<String, WorkerContext> contexts() {
        return java.util.Collections.unmodifiableMap(contents().contexts());
    }

    public Optional<WorkerContext> get(String name) {
        return Optional.ofNullable(contents().contexts().get(name));
    }

    /** The named context; a name the file does not have is an error that lists the names it has. */
    public WorkerContext require(String name) {
        return get(name).orElseThrow(() -> new ClientException(ClientException.NOT_FOUND, "no context named '" + name
                + "' in " + file + (contents().contexts().isEmpty() ? " (it has none; add one with ferry context set)"
                : " (it has " + String.join(", ", contents().contexts().keySet()) + ")")));
    }

    /** Creates or replaces a context. */
    public void put(String name, WorkerContext context) {
        Map<String, WorkerContext> contexts = new TreeMap<>(contents().contexts());
        contexts.put(name, context);
        write(new Contents(contents().current(), contexts));
    }

    public void use(String name) {
        require(name);
        write(new Contents(name, contents().contexts()));
    }

    /** Removes a context (and makes no context current if it was); false when there was none by that name. */
    public boolean delete(String name) {
        if (!contents().contexts().containsKey(name)) {
            return false;
        }
        Map<String, WorkerContext> contexts = new TreeMap<>(contents().contexts());
        contexts.remove(name);
        write(new Contents(name.equals(contents().current()) ? null : contents().current(), contexts));
        return true;
    }

    private Contents contents() {
        if (contents == null) {
            try {
                contents = JSON.readValue(file.toFile(), Contents.class);
            } catch (NoSuchFileException | java.io.FileNotFoundException e) {
                contents = new Contents(null, null);
            } catch (IOException e) {
                if (!Files.exists(file)) {
                    contents = new Contents(null, null);
                } else {
                    throw new ClientException(ClientException.USAGE, "cannot read the contexts file " + file + ": "
                            + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
        return contents;
    }

    private void write(Contents updated) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            // The new content goes to an owner-only file first, so the secrets it may name are never readable by others.
            Path temp = posix
                    ? Files.createTempFile(dir, ".contexts", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".contexts", ".tmp");
            try {
                Files.write(temp, JSON.writeValueAsBytes(updated));
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ClientException(ClientException.FAILED, "cannot write the contexts file " + file + ": " + e);
        }
        contents = updated;
    }
}
