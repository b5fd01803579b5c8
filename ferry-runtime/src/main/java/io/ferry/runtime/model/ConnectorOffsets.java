package io.ferry.runtime.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connector's offsets, as {@code GET/PATCH /connectors/{name}/offsets} show them: source partitions and offsets as the
 * connector defines them, or for sinks {@code {"kafka_topic","kafka_partition"}} and {@code {"kafka_offset"}}.
 */
public record ConnectorOffsets(@JsonProperty("offsets") List<ConnectorOffset> offsets) {

    @JsonCreator
    public ConnectorOffsets {
    }

    /** One partition and its offset; a null offset in a PATCH request removes the partition's offset. */
    @JsonPropertyOrder({"partition", "offset"})
    public record ConnectorOffset(@JsonProperty("partition") Map<String, Object> partition,
                                  @JsonProperty("offset") Map<String, Object> offset) {
        @JsonCreator
        public ConnectorOffset {
        }
    }

    /** The offsets as a partition-to-offset map, in request order. */
    public Map<Map<String, ?>, Map<String, ?>> toMap() {
        Map<Map<String, ?>, Map<String, ?>> result = new LinkedHashMap<>();
        for (ConnectorOffset o : offsets) {
            result.put(o.partition(), o.offset());
        }
        return result;
    }
}
