package io.ferry.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The records of a run: lines of printable ASCII of a fixed size, varied so that neither runtime gains from
 * repetitive data. Line {@code i} is the same in the source file and in the pre-filled topics.
 */
public final class TestData {

    /** Distinct lines generated; record i uses line i modulo this. */
    private static final int DISTINCT_LINES = 4096;

    private final int recordSize;
    private final byte[][] lines;

    public TestData(int recordSize) {
        this.recordSize = recordSize;
        SplittableRandom random = new SplittableRandom(42);
        lines = new byte[DISTINCT_LINES][];
        for (int i = 0; i < DISTINCT_LINES; i++) {
            byte[] line = new byte[recordSize];
            for (int j = 0; j < recordSize; j++) {
                // Printable ASCII from '!' to '~': no spaces at the ends, nothing a converter would escape but '"' and '\'.
                line[j] = (byte) ('!' + random.nextInt('~' - '!' + 1));
            }
            lines[i] = line;
        }
    }

    public byte[] line(int index) {
        return lines[index % DISTINCT_LINES];
    }

    public int recordSize() {
        return recordSize;
    }

    /** Writes {@code count} lines, each followed by a newline, to {@code file}. */
    public Path writeFile(Path file, int count) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < count; i++) {
                out.write(line(i));
                out.write('\n');
            }
        }
        return file;
    }
}
