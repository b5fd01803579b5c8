package io.ferry.connectors.mqtt;

import java.util.List;
import java.util.Map;

/**
 * A message the broker delivered, whichever the protocol version. {@code acknowledge} sends its PUBACK (QoS 1) or
 * PUBREC (QoS 2); the broker delivers it again to the same session until it is called.
 */
record ReceivedMessage(String topic, byte[] payload, int qos, boolean retained,
                       List<Map.Entry<String, String>> userProperties, Runnable acknowledge) {
}
