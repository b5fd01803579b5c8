package io.ferry.runtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connector config resolved for validation: the values to validate, the placeholders that were refused, and what
 * was resolved, so that nothing a provider read is ever shown back (a validation answer or an error would otherwise
 * hand the content of any file or variable the worker can read to whoever may validate a config).
 *
 * @param raw      the config as submitted
 * @param values   the config to validate: resolved, except values whose placeholders were refused
 * @param refused  the keys whose placeholders may not be resolved, with the reason, naming the key to set
 * @param secrets  each text a placeholder resolved to, with that placeholder
 */
public record Resolution(Map<String, String> raw, Map<String, String> values, Map<String, String> refused,
                         Map<String, String> secrets) {

    /** Whether the key's value came from a config provider: it must be shown as submitted. */
    public boolean resolved(String key) {
        return raw != null && raw.containsKey(key) && !Objects.equals(raw.get(key), values.get(key));
    }

    /**
     * The text with every resolved value replaced by its placeholder, longest first (a value may contain another).
     * A resolved value is replaced wherever it appears, even where it might be a coincidence: a message that reads a
     * little oddly is better than one that shows a secret.
     */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        List<String> longestFirst = new ArrayList<>(secrets.keySet());
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        String result = text;
        for (String secret : longestFirst) {
            result = result.replace(secret, secrets.get(secret));
        }
        return result;
    }
}
