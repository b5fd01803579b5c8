package io.ferry.runtime.cluster.distributed;

import io.ferry.runtime.cluster.distributed.ConnectProtocol.WorkerState;
import io.ferry.runtime.model.ConnectorTaskId;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The group protocol's bytes, checked against those Apache Kafka Connect 4.3 produces for the same values. */
class ConnectProtocolTest {

    private static final String URL = "http://10.0.0.1:8083/";
    private static final String URL_HEX = "0015" + "687474703a2f2f31302e302e302e313a383038332f";
    private static final String LEADER_HEX = "000d" + "636f6e6e6563742d312d616263";
    private static final String OFFSET_HEX = "000000000000002a";
    // connector "src" with the connector itself (-1) and task 0
    private static final String SRC_HEX = "00000001" + "0003737263" + "00000002" + "ffffffff" + "00000000";

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    private static WorkerAssignment srcAssignment() {
        return WorkerAssignment.current("connect-1-abc", URL, 42, List.of("src"), List.of(new ConnectorTaskId("src", 0)));
    }

    @Test
    void metadataWithoutAnAssignmentIsApachesVersionOneLayout() {
        ByteBuffer metadata = ConnectProtocol.serializeMetadata(new WorkerState(URL, 42, null), ConnectProtocol.COMPATIBLE_VERSION);
        assertThat(hex(metadata)).isEqualTo("0001" + URL_HEX + OFFSET_HEX + "ffffffff");
    }

    @Test
    void assignmentIsApachesCooperativeLayout() {
        String expected = "0001" + "0000" + LEADER_HEX + URL_HEX + OFFSET_HEX + SRC_HEX + "00000000" + "00000000";
        assertThat(hex(ConnectProtocol.serializeAssignment(srcAssignment(), ConnectProtocol.COMPATIBLE_VERSION))).isEqualTo(expected);
    }

    @Test
    void sessionedAssignmentAndMetadataAreApachesVersionTwoBytes() {
        String assignment = "0002" + "0000" + LEADER_HEX + URL_HEX + OFFSET_HEX + SRC_HEX + "00000000" + "00000000";
        short version = ConnectProtocol.version(ConnectProtocol.SESSIONED);
        assertThat(hex(ConnectProtocol.serializeAssignment(srcAssignment(), version))).isEqualTo(assignment);
        assertThat(hex(ConnectProtocol.serializeMetadata(new WorkerState(URL, 42, srcAssignment()), version)))
                .isEqualTo("0002" + URL_HEX + OFFSET_HEX + "0000004f" + assignment);
    }

    @Test
    void readsApachesSessionedAssignmentAndMetadata() {
        String assignment = "0002" + "0000" + LEADER_HEX + URL_HEX + OFFSET_HEX + SRC_HEX + "00000000" + "00000000";
        WorkerAssignment a = ConnectProtocol.deserializeAssignment(bytes(assignment));
        assertThat(a).isEqualTo(srcAssignment());

        String metadata = "0002" + URL_HEX + OFFSET_HEX + "0000004f" + assignment;
        WorkerState state = ConnectProtocol.deserializeMetadata(bytes(metadata));
        assertThat(state.url()).isEqualTo(URL);
        assertThat(state.configOffset()).isEqualTo(42);
        assertThat(state.current()).isEqualTo(srcAssignment());
    }

    @Test
    void readsApachesEagerAssignmentAndMetadata() {
        String assignment = "0000" + "0000" + LEADER_HEX + URL_HEX + OFFSET_HEX + SRC_HEX;
        assertThat(ConnectProtocol.deserializeAssignment(bytes(assignment))).isEqualTo(srcAssignment());
        WorkerState state = ConnectProtocol.deserializeMetadata(bytes("0000" + URL_HEX + OFFSET_HEX));
        assertThat(state).isEqualTo(new WorkerState(URL, 42, null));
    }

    @Test
    void roundTripsRevocationsAndDelay() {
        WorkerAssignment a = new WorkerAssignment(WorkerAssignment.CONFIG_MISMATCH, "leader", "http://l:1/", 7,
                List.of("a", "b"), List.of(new ConnectorTaskId("a", 3)), List.of("c"),
                List.of(new ConnectorTaskId("c-d", 0), new ConnectorTaskId("c-d", 1)), 1234);
        for (short version : new short[] {ConnectProtocol.COMPATIBLE_VERSION, ConnectProtocol.SESSIONED_VERSION}) {
            assertThat(ConnectProtocol.deserializeAssignment(ConnectProtocol.serializeAssignment(a, version))).isEqualTo(a);
            WorkerState state = new WorkerState("http://w:2/", 9, srcAssignment());
            assertThat(ConnectProtocol.deserializeMetadata(ConnectProtocol.serializeMetadata(state, version))).isEqualTo(state);
        }
    }
}
