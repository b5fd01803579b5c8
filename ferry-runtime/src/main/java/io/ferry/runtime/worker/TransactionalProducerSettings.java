package io.ferry.runtime.worker;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings a transactional producer (an exactly-once source task's) cannot work with. Kafka's producer
 * refuses them when the task starts, with a message about idempotence; Ferry refuses them when the connector is
 * validated and created, naming the setting.
 */
public final class TransactionalProducerSettings {

    private static final int MAX_IN_FLIGHT = 5;

    private TransactionalProducerSettings() {
    }

    /**
     * Why the setting cannot be used by a transactional producer, or null when it can.
     *
     * @param key   the producer setting, without prefix ({@code acks})
     * @param shown how the user wrote the key ({@code producer.override.acks})
     */
    public static String conflict(String key, Object value, String shown) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        String reason = switch (key) {
            case ProducerConfig.ACKS_CONFIG -> text.equalsIgnoreCase("all") || text.equals("-1") ? null
                    : "a transactional producer needs acks=all";
            case ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION -> atMost(text, MAX_IN_FLIGHT) ? null
                    : "a transactional producer allows at most " + MAX_IN_FLIGHT + " requests in flight per connection";
            case ProducerConfig.RETRIES_CONFIG -> atLeastOne(text) ? null
                    : "a transactional producer needs retries greater than 0";
            default -> null;
        };
        return reason == null ? null : "The value '" + text + "' of '" + shown + "' cannot be used with exactly-once "
                + "source support: " + reason + ".";
    }

    private static boolean atMost(String text, int max) {
        try {
            return Integer.parseInt(text) <= max;
        } catch (NumberFormatException e) {
            return true; // not a number: the producer's own validation says so
        }
    }

    private static boolean atLeastOne(String text) {
        try {
            return Integer.parseInt(text) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
