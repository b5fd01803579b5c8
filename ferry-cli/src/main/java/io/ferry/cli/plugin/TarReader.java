package io.ferry.cli.plugin;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Unpacks {@code .tar.gz} plugin bundles: POSIX (ustar and pax) and GNU tar, regular files and directories. Links
 * are skipped, as a plugin needs none. Written here rather than taken from a library so that the worker's class
 * path, which plugins see, stays free of general-purpose libraries.
 */
final class TarReader {

    private static final int BLOCK = 512;

    interface EntryTarget {
        /** Where an entry goes; throws when it would leave the target directory. */
        Path resolve(String name);
    }

    private TarReader() {
    }

    static void untarGz(Path archive, EntryTarget target) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(archive), 65536)) {
            byte[] header = new byte[BLOCK];
            String longName = null;
            while (true) {
                if (!readFully(in, header)) {
                    return;
                }
                if (isZero(header)) {
                    return;
                }
                String name = string(header, 0, 100);
                char type = (char) header[156];
                long size = octal(header, 124, 12);
                String prefix = isUstar(header) ? string(header, 345, 155) : "";
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
                if (type == 'L' || type == 'x') {
                    byte[] data = readData(in, size);
                    longName = type == 'L' ? new String(data, StandardCharsets.UTF_8).replace("\0", "")
                            : paxPath(data, longName);
                    continue;
                }
                if (longName != null) {
                    name = longName;
                    longName = null;
                }
                if (type == '5') {
                    Files.createDirectories(target.resolve(name));
                    skip(in, padded(size));
                } else if (type == '0' || type == '\0' || type == '7') {
                    Path file = target.resolve(name);
                    Files.createDirectories(file.getParent());
                    copy(in, file, size);
                    skip(in, padded(size) - size);
                } else {
                    skip(in, padded(size));
                }
            }
        }
    }

    private static String paxPath(byte[] data, String current) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            int equals = record.indexOf('=');
            if (space > 0 && equals > space && record.substring(space + 1, equals).equals("path")) {
                return record.substring(equals + 1);
            }
        }
        return current;
    }

    private static boolean isUstar(byte[] header) {
        return new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String string(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] header, int offset, int length) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            long value = 0;
            for (int i = offset + 1; i < offset + length; i++) {
                value = (value << 8) | (header[i] & 0xff);
            }
            return value;
        }
        String text = string(header, offset, length).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("Not a tar archive (bad entry size '" + text + "')");
        }
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static byte[] readData(InputStream in, long size) throws IOException {
        if (size > 16 * 1024 * 1024) {
            throw new IOException("Tar header record too large");
        }
        byte[] data = new byte[(int) size];
        if (!readFully(in, data)) {
            throw new EOFException("Truncated tar archive");
        }
        skip(in, padded(size) - size);
        return data;
    }

    private static void copy(InputStream in, Path file, long size) throws IOException {
        byte[] buffer = new byte[65536];
        try (var out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("Truncated tar archive");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int read = 0;
        while (read < buffer.length) {
            int n = in.read(buffer, read, buffer.length - read);
            if (n < 0) {
                if (read == 0) {
                    return false;
                }
                throw new EOFException("Truncated tar archive");
            }
            read += n;
        }
        return true;
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long n = in.skip(left);
            if (n <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("Truncated tar archive");
                }
                n = 1;
            }
            left -= n;
        }
    }
}
