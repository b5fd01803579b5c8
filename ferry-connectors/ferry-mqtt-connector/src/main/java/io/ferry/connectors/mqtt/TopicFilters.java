package io.ferry.connectors.mqtt;

/** The MQTT rules for topic filters (subscriptions) and topic names (publications), checked before a broker is asked. */
final class TopicFilters {

    private TopicFilters() {
    }

    /** Why the filter is not a valid MQTT topic filter, or null when it is. */
    static String problem(String filter) {
        if (filter.isEmpty()) {
            return "a topic filter cannot be empty";
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "# must be a whole level, and the last one (sensors/#)";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "+ must be a whole level (plant/+/temperature)";
            }
        }
        return filter.indexOf('\0') >= 0 ? "a topic filter cannot contain the null character" : null;
    }

    /** Why the name is not a topic a message can be published to, or null when it is. */
    static String publishProblem(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "the MQTT topic is empty";
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return "an MQTT topic to publish to cannot contain the wildcards + or #";
        }
        return topic.indexOf('\0') >= 0 ? "an MQTT topic cannot contain the null character" : null;
    }
}
