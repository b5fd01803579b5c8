package io.ferry.runtime.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileOffsetBackingStoreTest {

    private final OffsetCodec codec = new OffsetCodec();

    @Test
    void writesApacheFormatJavaSerializedMapOfJsonBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("connect.offsets");
        FileOffsetBackingStore store = new FileOffsetBackingStore(file);
        store.start();
        Map<String, Object> partition = new LinkedHashMap<>();
        partition.put("filename", "/data/in.txt");
        store.set(Map.of(codec.encodeKey("src", partition), codec.encodeValue("src", Map.of("position", 1234L)))).get();

        Object read;
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            read = in.readObject();
        }
        assertThat(read).isInstanceOf(HashMap.class);
        @SuppressWarnings("unchecked")
        Map<byte[], byte[]> raw = (Map<byte[], byte[]>) read;
        assertThat(raw).hasSize(1);
        Map.Entry<byte[], byte[]> entry = raw.entrySet().iterator().next();
        assertThat(new String(entry.getKey(), StandardCharsets.UTF_8)).isEqualTo("[\"src\",{\"filename\":\"/data/in.txt\"}]");
        assertThat(new String(entry.getValue(), StandardCharsets.UTF_8)).isEqualTo("{\"position\":1234}");
    }

    @Test
    void readsAFileWrittenTheWayApacheWritesIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("connect.offsets");
        HashMap<byte[], byte[]> raw = new HashMap<>();
        raw.put("[\"src\",{\"filename\":\"/data/in.txt\"}]".getBytes(StandardCharsets.UTF_8),
                "{\"position\":99}".getBytes(StandardCharsets.UTF_8));
        raw.put("[\"other\",{\"p\":1}]".getBytes(StandardCharsets.UTF_8), null);
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(raw);
        }
        FileOffsetBackingStore store = new FileOffsetBackingStore(file);
        store.start();
        OffsetStorageReaderImpl reader = new OffsetStorageReaderImpl("src", store, codec);
        assertThat(reader.offset(Map.of("filename", "/data/in.txt"))).containsEntry("position", 99L);
        assertThat(codec.partitionsOf("src", store.all())).containsExactly(Map.of("filename", "/data/in.txt"));
    }

    @Test
    void survivesARestartAndAMissingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/connect.offsets");
        FileOffsetBackingStore first = new FileOffsetBackingStore(file);
        first.start();
        assertThat(first.all()).isEmpty();
        first.set(Map.of(codec.encodeKey("c", Map.of("task", 0)), codec.encodeValue("c", Map.of("seq", 7L)))).get();
        first.stop();

        FileOffsetBackingStore second = new FileOffsetBackingStore(file);
        second.start();
        assertThat(new OffsetStorageReaderImpl("c", second, codec).offset(Map.of("task", 0))).containsEntry("seq", 7L);
    }

    @Test
    void refusesFilesThatAreNotOffsets(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("connect.offsets");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(List.of("not", "offsets"));
        }
        assertThatThrownBy(() -> new FileOffsetBackingStore(file).start())
                .hasMessageContaining("not in Kafka Connect's offsets format");
    }

    @Test
    void refusesAnEmptyFileRatherThanStartingEverySourceAgain(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("connect.offsets"));
        assertThatThrownBy(() -> new FileOffsetBackingStore(file).start())
                .hasMessageContaining(file.toAbsolutePath() + " is empty (0 bytes)")
                .hasMessageContaining("delete it to start every source connector afresh");

        Files.delete(file);
        FileOffsetBackingStore fresh = new FileOffsetBackingStore(file);
        fresh.start();
        assertThat(fresh.all()).isEmpty();
    }

    @Test
    void nullOffsetDeletesThePartition(@TempDir Path dir) throws Exception {
        FileOffsetBackingStore store = new FileOffsetBackingStore(dir.resolve("o"));
        store.start();
        ByteBuffer key = codec.encodeKey("c", Map.of("p", "x"));
        store.set(Map.of(key, codec.encodeValue("c", Map.of("o", 1L)))).get();
        Map<ByteBuffer, ByteBuffer> tombstone = new HashMap<>();
        tombstone.put(key, null);
        store.set(tombstone).get();
        assertThat(store.all()).isEmpty();
    }
}
