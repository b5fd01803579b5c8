package io.ferry.conformance;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The (MBean, attribute) pairs of a runtime, with MBean names made comparable across runtimes. Only what necessarily
 * differs between the two workers becomes a placeholder:
 * <ul>
 *   <li>the runtime's tag, which starts its connector names, topics and so client ids and groups: {@code {rt}};</li>
 *   <li>its worker id, {@code 127.0.0.1:PORT} (the REST listener), also inside client ids such as
 *   {@code connect-127.0.0.1:8083}: {@code {worker}};</li>
 *   <li>broker node ids of the client metrics ({@code node-id=node-1}, the bootstrap connection's {@code node--1}, the
 *   group coordinator's {@code node-2147483646}): {@code node-id=node-{id}}. They depend on which connections a client
 *   happened to open, not on what it registers.</li>
 * </ul>
 * Everything else stays exact: the domain, {@code type}, the tag keys in their order, the attribute names.
 */
final class MetricNames {

    record Key(String mbean, String attribute) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byName = mbean.compareTo(other.mbean);
            return byName != 0 ? byName : attribute.compareTo(other.attribute);
        }

        /** The domain and type ({@code kafka.connect:type=connector-metrics}) the report groups by. */
        String group() {
            Matcher m = TYPE.matcher(mbean);
            return m.find() ? mbean.substring(0, mbean.indexOf(':') + 1) + m.group() : mbean;
        }
    }

    private static final Pattern TYPE = Pattern.compile("type=[^,]*");
    private static final Pattern NODE = Pattern.compile("node-id=node--?\\d+");

    private MetricNames() {
    }

    static Set<Key> normalise(Map<String, Set<String>> attributesByName, String tag, String workerId) {
        Set<Key> keys = new TreeSet<>();
        attributesByName.forEach((name, attributes) -> {
            String mbean = normalise(name, tag, workerId);
            attributes.forEach(attribute -> keys.add(new Key(mbean, attribute)));
        });
        return keys;
    }

    static String normalise(String name, String tag, String workerId) {
        String result = name.replace(workerId, "{worker}").replace(tag, "{rt}");
        return NODE.matcher(result).replaceAll("node-id=node-{id}");
    }
}
