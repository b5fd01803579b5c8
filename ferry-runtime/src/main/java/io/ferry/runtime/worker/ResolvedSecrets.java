package io.ferry.runtime.worker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values config providers resolved in a config, each with the text it was written as: a connector that fails
 * with such a value in its message (a ConfigException quoting it, a driver quoting a URL) must not put it in a status
 * trace that anyone may read.
 */
final class ResolvedSecrets {

    private static final ResolvedSecrets NONE = new ResolvedSecrets(Map.of());

    /** Each resolved value, with the value as written (its placeholder). */
    private final Map<String, String> written;

    private ResolvedSecrets(Map<String, String> written) {
        this.written = written;
    }

    static ResolvedSecrets of(Map<String, String> raw, Map<String, String> resolved) {
        if (raw == null || resolved == null || raw == resolved) {
            return NONE;
        }
        Map<String, String> written = new HashMap<>();
        raw.forEach((key, rawValue) -> {
            String value = resolved.get(key);
            if (rawValue != null && value != null && !value.isEmpty() && !value.equals(rawValue)) {
                written.put(value, rawValue);
            }
        });
        return written.isEmpty() ? NONE : new ResolvedSecrets(Map.copyOf(written));
    }

    ResolvedSecrets and(ResolvedSecrets other) {
        if (other.written.isEmpty()) {
            return this;
        }
        Map<String, String> both = new HashMap<>(written);
        both.putAll(other.written);
        return new ResolvedSecrets(Map.copyOf(both));
    }

    /** The text with each resolved value replaced by how it was written, longest first. */
    String redact(String text) {
        if (text == null || written.isEmpty()) {
            return text;
        }
        List<String> longestFirst = new ArrayList<>(written.keySet());
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String result = text;
        for (String value : longestFirst) {
            result = result.replace(value, written.get(value));
        }
        return result;
    }
}
