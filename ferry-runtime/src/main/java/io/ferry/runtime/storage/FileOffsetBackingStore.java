package io.ferry.runtime.storage;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Standalone offsets in a file with Apache Kafka Connect's format: one Java-serialized {@code HashMap<byte[], byte[]>}
 * of offset keys to values, so a worker can switch between Apache and Ferry without losing its place.
 * Each change rewrites the file through a temporary file and an atomic rename, so a crash never leaves half a file.
 */
public class FileOffsetBackingStore extends MemoryOffsetBackingStore {

    private static final Logger log = LoggerFactory.getLogger(FileOffsetBackingStore.class);

    // Only the two classes of the format may be deserialized: the file is not trusted to name any other.
    private static final ObjectInputFilter FORMAT_FILTER = info -> {
        Class<?> c = info.serialClass();
        if (c == null) {
            return info.depth() > 4 || info.references() > 10_000_000 ? ObjectInputFilter.Status.REJECTED
                    : ObjectInputFilter.Status.UNDECIDED;
        }
        // HashMap checks the size of its table as a Map.Entry[] while reading.
        return c == HashMap.class || c == byte[].class || c == Map.Entry[].class
                ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
    };

    private final Path file;

    public FileOffsetBackingStore(Path file) {
        this.file = file;
    }

    @Override
    public synchronized void start() {
        data.clear();
        data.putAll(read(file));
        log.info("Loaded {} source offsets from {}", data.size(), file);
    }

    /**
     * Reads an offsets file; a missing file holds no offsets. An empty file is refused: neither Ferry nor Kafka Connect
     * writes one (even no offsets take some bytes), so it is a file that was truncated, and reading it as "no
     * offsets" would silently start every source connector again from the beginning.
     */
    public static Map<ByteBuffer, ByteBuffer> read(Path file) {
        Map<ByteBuffer, ByteBuffer> result = new HashMap<>();
        try {
            if (Files.size(file) == 0) {
                throw new ConnectException("Offsets file " + file.toAbsolutePath() + " is empty (0 bytes). An offsets "
                        + "file is never written empty, so this one was probably truncated (a full disk, an interrupted "
                        + "copy); reading it as no offsets would start every source connector again from the beginning. "
                        + "Restore the file from a backup, or delete it to start every source connector afresh.");
            }
        } catch (NoSuchFileException e) {
            return result;
        } catch (IOException e) {
            throw new ConnectException("Cannot read offsets file " + file, e);
        }
        try (InputStream in = Files.newInputStream(file); ObjectInputStream ois = new ObjectInputStream(in)) {
            ois.setObjectInputFilter(FORMAT_FILTER);
            Object obj = ois.readObject();
            if (!(obj instanceof Map<?, ?> raw)) {
                throw new ConnectException("Offsets file " + file + " does not hold a map");
            }
            for (Map.Entry<?, ?> e : raw.entrySet()) {
                byte[] key = (byte[]) e.getKey();
                byte[] value = (byte[]) e.getValue();
                if (key != null) {
                    result.put(ByteBuffer.wrap(key), value == null ? null : ByteBuffer.wrap(value));
                }
            }
            return result;
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new ConnectException("Offsets file " + file + " is not in Kafka Connect's offsets format: " + e, e);
        }
    }

    @Override
    protected void persist() {
        HashMap<byte[], byte[]> raw = new HashMap<>();
        data.forEach((k, v) -> raw.put(OffsetCodec.toArray(k), v == null ? null : OffsetCodec.toArray(v)));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp); ObjectOutputStream oos = new ObjectOutputStream(out)) {
                oos.writeObject(raw);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ConnectException("Cannot write offsets file " + file, e);
        }
    }
}
