package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.model.ConnectorTaskId;
import org.apache.kafka.common.protocol.types.SchemaException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes Connect workers exchange through the group coordinator: the subscription metadata each member sends when
 * it joins and the assignment the leader sends back. The layouts are Apache Kafka Connect's, so the same group can be
 * read by either runtime. Ferry writes version 1 (the cooperative {@code compatible} protocol) or version 2 (the same
 * layout under {@code sessioned}, whose members sign their requests to each other) and reads versions 0 to 2.
 */
public final class ConnectProtocol {

    public static final String PROTOCOL_TYPE = "connect";
    public static final String COMPATIBLE = "compatible";
    public static final String SESSIONED = "sessioned";
    public static final short COMPATIBLE_VERSION = 1;
    public static final short SESSIONED_VERSION = 2;
    /** In an assignment's task list, this id stands for the connector instance itself. */
    static final int CONNECTOR_ENTRY = -1;

    private ConnectProtocol() {
    }

    /** What a member tells the leader: where it serves REST, how far it has read the config topic, what it runs. */
    public record WorkerState(String url, long configOffset, WorkerAssignment current) {
    }

    /** The version of the bytes exchanged under a protocol name the coordinator chose. */
    public static short version(String protocol) {
        return SESSIONED.equals(protocol) ? SESSIONED_VERSION : COMPATIBLE_VERSION;
    }

    public static ByteBuffer serializeMetadata(WorkerState state, short version) {
        byte[] url = utf8(state.url());
        ByteBuffer allocation = state.current() == null || state.current().isEmpty() ? null
                : serializeAssignment(state.current(), version);
        int size = 2 + 2 + url.length + 8 + 4 + (allocation == null ? 0 : allocation.remaining());
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort(version);
        putString(out, url);
        out.putLong(state.configOffset());
        if (allocation == null) {
            out.putInt(-1);
        } else {
            out.putInt(allocation.remaining());
            out.put(allocation);
        }
        return out.flip();
    }

    public static WorkerState deserializeMetadata(ByteBuffer buffer) {
        ByteBuffer in = buffer.duplicate();
        short version = version(in);
        String url = getString(in);
        long offset = in.getLong();
        WorkerAssignment current = null;
        if (version >= 1 && in.remaining() >= 4) {
            int length = in.getInt();
            if (length >= 0) {
                ByteBuffer nested = in.slice();
                nested.limit(length);
                current = deserializeAssignment(nested);
                in.position(in.position() + length);
            }
        }
        return new WorkerState(url, offset, current);
    }

    public static ByteBuffer serializeAssignment(WorkerAssignment a, short version) {
        byte[] leader = utf8(a.leader());
        byte[] leaderUrl = utf8(a.leaderUrl());
        Map<String, List<Integer>> assigned = grouped(a.connectors(), a.tasks());
        Map<String, List<Integer>> revoked = grouped(a.revokedConnectors(), a.revokedTasks());
        int size = 2 + 2 + 2 + leader.length + 2 + leaderUrl.length + 8 + arraySize(assigned) + arraySize(revoked) + 4;
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putShort(version);
        out.putShort(a.error());
        putString(out, leader);
        putString(out, leaderUrl);
        out.putLong(a.configOffset());
        putArray(out, assigned);
        putArray(out, revoked);
        out.putInt(a.delayMs());
        return out.flip();
    }

    public static WorkerAssignment deserializeAssignment(ByteBuffer buffer) {
        ByteBuffer in = buffer.duplicate();
        short version = version(in);
        short error = in.getShort();
        String leader = getString(in);
        String leaderUrl = getString(in);
        long offset = in.getLong();
        List<String> connectors = new ArrayList<>();
        List<ConnectorTaskId> tasks = new ArrayList<>();
        readArray(in, connectors, tasks);
        List<String> revokedConnectors = new ArrayList<>();
        List<ConnectorTaskId> revokedTasks = new ArrayList<>();
        int delay = 0;
        if (version >= 1 && in.remaining() >= 4) {
            readArray(in, revokedConnectors, revokedTasks);
            if (in.remaining() >= 4) {
                delay = in.getInt();
            }
        }
        return new WorkerAssignment(error, leader, leaderUrl, offset, connectors, tasks, revokedConnectors,
                revokedTasks, delay);
    }

    private static short version(ByteBuffer in) {
        short version = in.getShort();
        if (version < 0) {
            throw new SchemaException("Unsupported Connect protocol version " + version);
        }
        return version;
    }

    private static Map<String, List<Integer>> grouped(Collection<String> connectors, Collection<ConnectorTaskId> tasks) {
        Map<String, List<Integer>> result = new TreeMap<>();
        for (String c : connectors) {
            result.computeIfAbsent(c, k -> new ArrayList<>()).add(CONNECTOR_ENTRY);
        }
        for (ConnectorTaskId t : tasks) {
            result.computeIfAbsent(t.connector(), k -> new ArrayList<>()).add(t.task());
        }
        result.values().forEach(ids -> ids.sort(Integer::compare));
        return result;
    }

    private static int arraySize(Map<String, List<Integer>> entries) {
        int size = 4;
        for (Map.Entry<String, List<Integer>> e : entries.entrySet()) {
            size += 2 + utf8(e.getKey()).length + 4 + 4 * e.getValue().size();
        }
        return size;
    }

    private static void putArray(ByteBuffer out, Map<String, List<Integer>> entries) {
        out.putInt(entries.size());
        for (Map.Entry<String, List<Integer>> e : entries.entrySet()) {
            putString(out, utf8(e.getKey()));
            out.putInt(e.getValue().size());
            e.getValue().forEach(out::putInt);
        }
    }

    private static void readArray(ByteBuffer in, List<String> connectors, List<ConnectorTaskId> tasks) {
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            String connector = getString(in);
            int ids = in.getInt();
            for (int j = 0; j < Math.max(ids, 0); j++) {
                int id = in.getInt();
                if (id == CONNECTOR_ENTRY) {
                    connectors.add(connector);
                } else {
                    tasks.add(new ConnectorTaskId(connector, id));
                }
            }
        }
    }

    private static byte[] utf8(String s) {
        return (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    }

    private static void putString(ByteBuffer out, byte[] bytes) {
        out.putShort((short) bytes.length);
        out.put(bytes);
    }

    private static String getString(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Members' metadata keyed by member id, in the order the coordinator sent them. */
    static Map<String, WorkerState> members(Map<String, ByteBuffer> metadata) {
        Map<String, WorkerState> result = new LinkedHashMap<>();
        metadata.forEach((member, bytes) -> result.put(member, deserializeMetadata(bytes)));
        return result;
    }
}
