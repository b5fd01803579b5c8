package io.ferry.runtime.rest.security;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A small file of credentials, parsed, and parsed again when it changes, so users, tokens and certificate roles can
 * be changed without restarting the worker. A change is noticed by the next request after it (one {@code stat} per
 * request; the files are tiny). A file that cannot be read or parsed at start-up stops the worker; one that breaks
 * later is logged and the last good contents stay in force, so a half-written edit never locks everybody out.
 *
 * @param <T> what the file's lines are parsed into
 */
final class WatchedFile<T> {

    private static final Logger log = LoggerFactory.getLogger(WatchedFile.class);

    /** One line of a file that cannot be used: the message names the file and line. */
    static final class LineException extends IllegalArgumentException {
        LineException(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    /** A non-empty, non-comment line, with its number for messages. */
    record Line(int number, String text) {
    }

    private final Path path;
    private final String key;
    private final Function<List<Line>, T> parser;
    private Object version;
    private Object rejectedVersion;
    private T contents;

    /**
     * @param key    the config key that names the file, for messages
     * @param parser turns the file's lines into contents; throws {@link LineException} for a bad line
     */
    WatchedFile(Path path, String key, Function<List<Line>, T> parser) {
        this.path = path;
        this.key = key;
        this.parser = parser;
        try {
            version = version();
            contents = parser.apply(read());
        } catch (IOException | IllegalArgumentException e) {
            throw new ConnectException("Cannot use " + key + "=" + path + ": " + e.getMessage(), e);
        }
    }

    /** The contents, re-read first if the file changed since it was last read. */
    synchronized T current() {
        Object now;
        try {
            now = version();
        } catch (IOException e) {
            if (!Objects.equals(rejectedVersion, "missing")) {
                log.error("Cannot read {} ({}): {}; the last contents read stay in force", path, key, e.toString());
                rejectedVersion = "missing";
            }
            return contents;
        }
        if (now.equals(version) || now.equals(rejectedVersion)) {
            return contents;
        }
        try {
            T fresh = parser.apply(read());
            contents = fresh;
            version = now;
            rejectedVersion = null;
            log.info("Re-read {} ({})", path, key);
        } catch (IOException | IllegalArgumentException e) {
            rejectedVersion = now;
            log.error("Cannot use the changed {} ({}): {}; the last good contents stay in force until it is fixed",
                    path, key, e.getMessage());
        }
        return contents;
    }

    Path path() {
        return path;
    }

    // Modification time, size and file identity (inode), so that both edits in place and atomic renames are seen.
    private Object version() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return List.of(attributes.lastModifiedTime(), attributes.size(), String.valueOf(attributes.fileKey()));
    }

    private List<Line> read() throws IOException {
        List<String> raw = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String text = raw.get(i).strip();
            if (!text.isEmpty() && !text.startsWith("#")) {
                lines.add(new Line(i + 1, text));
            }
        }
        return lines;
    }

    /** Splits {@code a:b:c} into at most {@code parts} fields, the last one keeping any further colons. */
    static String[] fields(Line line, int parts, String format) {
        String[] fields = line.text().split(":", parts);
        if (fields.length != parts) {
            throw new LineException(line.number(), "expected " + format);
        }
        for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].strip();
            if (fields[i].isEmpty()) {
                throw new LineException(line.number(), "expected " + format + " (a field is empty)");
            }
        }
        return fields;
    }

    static Role role(Line line, String text) {
        return Role.parse(text).orElseThrow(() -> new LineException(line.number(),
                "unknown role '" + text + "'; the roles are " + Role.labels()));
    }
}
