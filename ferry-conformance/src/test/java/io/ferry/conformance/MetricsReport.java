package io.ferry.conformance;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * (MBean, attribute) pairs as a worklist: grouped by domain and type, one line per MBean with its attributes, and
 * marked whether the MBean is absent altogether or only lacks some attributes.
 */
final class MetricsReport {

    private MetricsReport() {
    }

    /** Every pair of a runtime, unmarked. */
    static String listing(String title, Set<MetricNames.Key> keys) {
        return of(title, keys, null);
    }

    /**
     * @param keys   the pairs to list
     * @param other  the other runtime's pairs, to tell an absent MBean from one that lacks attributes (null: no marks)
     */
    static String of(String title, Set<MetricNames.Key> keys, Set<MetricNames.Key> other) {
        Set<String> otherMBeans = other == null ? null : other.stream().map(MetricNames.Key::mbean).collect(Collectors.toSet());
        Map<String, Map<String, Set<String>>> byGroup = new TreeMap<>();
        for (MetricNames.Key key : keys) {
            byGroup.computeIfAbsent(key.group(), g -> new TreeMap<>())
                    .computeIfAbsent(key.mbean(), m -> new TreeSet<>()).add(key.attribute());
        }
        long mbeans = byGroup.values().stream().mapToLong(Map::size).sum();
        StringBuilder text = new StringBuilder(title).append(": ").append(keys.size()).append(" attribute(s) of ")
                .append(mbeans).append(" MBean(s) in ").append(byGroup.size()).append(" type(s)\n");
        byGroup.forEach((group, byMBean) -> {
            text.append('\n').append(group).append(" (").append(byMBean.size()).append(" MBean(s))\n");
            byMBean.forEach((mbean, attributes) -> text.append("  ").append(mbean)
                    .append(otherMBeans == null ? "" : otherMBeans.contains(mbean) ? "  [these attributes only]" : "  [whole MBean]")
                    .append('\n')
                    .append("      ").append(String.join(", ", attributes)).append('\n'));
        });
        return text.toString();
    }
}
