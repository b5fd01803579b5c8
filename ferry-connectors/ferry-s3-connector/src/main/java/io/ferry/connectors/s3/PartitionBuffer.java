package io.ferry.connectors.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** The records of one topic-partition waiting to become the next object: their lines, offsets and age. */
final class PartitionBuffer {

    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private long firstOffset = -1;
    private long lastOffset = -1;
    private int records;
    private long firstArrivalMs;

    void add(long offset, byte[] line, long nowMs) {
        if (records == 0) {
            firstOffset = offset;
            firstArrivalMs = nowMs;
        }
        content.writeBytes(line);
        content.write('\n');
        lastOffset = offset;
        records++;
    }

    boolean isEmpty() {
        return records == 0;
    }

    boolean full(int maxRecords, int maxBytes, long maxAgeMs, long nowMs) {
        return records > 0 && (records >= maxRecords || content.size() >= maxBytes || (maxAgeMs > 0 && nowMs - firstArrivalMs >= maxAgeMs));
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    int records() {
        return records;
    }

    byte[] bytes(boolean gzip) {
        if (!gzip) {
            return content.toByteArray();
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(content.size() / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed)) {
            content.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    void clear() {
        content.reset();
        records = 0;
        firstOffset = -1;
        lastOffset = -1;
    }
}
