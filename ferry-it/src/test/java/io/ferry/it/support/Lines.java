package io.ferry.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Numbered test lines and the files that hold them. */
public final class Lines {

    private Lines() {
    }

    public static String line(int n) {
        return String.format("line-%06d", n);
    }

    public static List<String> numbered(int from, int to) {
        List<String> lines = new ArrayList<>(to - from + 1);
        for (int i = from; i <= to; i++) {
            lines.add(line(i));
        }
        return lines;
    }

    /** The complete lines of a file that may still be being written (a trailing partial line is left out). */
    public static List<String> read(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            String content = Files.readString(file);
            int end = content.lastIndexOf('\n');
            if (end < 0) {
                return List.of();
            }
            return List.of(content.substring(0, end).split("\n", -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void append(Path file, List<String> lines) {
        try {
            Files.write(file, lines, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
