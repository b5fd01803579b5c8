package io.ferry.runtime.cluster;

import io.ferry.runtime.config.Resolution;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConfigInfos.ConfigInfo;
import io.ferry.runtime.model.ConfigInfos.ConfigValueInfo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes out of a validation answer everything config providers resolved: a value that came from a placeholder is shown
 * as the placeholder the user sent, and resolved text in errors and recommendations is replaced by its placeholder.
 * Validation itself needs resolved values (a {@code ${file:...}} must parse as the number it stands for); the answer
 * must not show them, or anyone allowed to validate a config could read every file and variable the worker can.
 */
final class ValidationRedaction {

    private ValidationRedaction() {
    }

    static ConfigInfos redact(ConfigInfos infos, Resolution resolution) {
        if (resolution.secrets().isEmpty() && resolution.refused().isEmpty()) {
            return infos;
        }
        List<ConfigInfo> configs = new ArrayList<>();
        for (ConfigInfo info : infos.configs()) {
            configs.add(new ConfigInfo(info.definition(), redact(info.value(), resolution)));
        }
        return new ConfigInfos(infos.name(), infos.errorCount(), infos.groups(), configs);
    }

    /**
     * A placeholder that may not be read is an error of its key (validated as submitted), and its only one: the
     * value's other errors would be about the placeholder's text.
     */
    static ConfigInfos withRefusals(ConfigInfos infos, Map<String, String> refused) {
        if (refused.isEmpty()) {
            return infos;
        }
        int errors = infos.errorCount();
        Set<String> shown = new HashSet<>();
        List<ConfigInfo> configs = new ArrayList<>();
        for (ConfigInfo info : infos.configs()) {
            ConfigValueInfo value = info.value();
            String refusal = value == null ? null : refused.get(value.name());
            if (refusal == null) {
                configs.add(info);
                continue;
            }
            errors += 1 - value.errors().size();
            shown.add(value.name());
            configs.add(new ConfigInfo(info.definition(), new ConfigValueInfo(value.name(), value.value(),
                    value.recommendedValues(), List.of(refusal), value.visible())));
        }
        for (Map.Entry<String, String> e : refused.entrySet()) {
            if (shown.add(e.getKey())) {
                errors++;
                configs.add(new ConfigInfo(null, new ConfigValueInfo(e.getKey(), null, List.of(), List.of(e.getValue()), true)));
            }
        }
        return new ConfigInfos(infos.name(), errors, infos.groups(), configs);
    }

    private static ConfigValueInfo redact(ConfigValueInfo value, Resolution resolution) {
        if (value == null) {
            return null;
        }
        String shown = resolution.resolved(value.name()) ? resolution.raw().get(value.name()) : resolution.redact(value.value());
        if (resolution.refused().containsKey(value.name())) {
            shown = resolution.raw().get(value.name());
        }
        return new ConfigValueInfo(value.name(), shown, redactAll(value.recommendedValues(), resolution),
                redactAll(value.errors(), resolution), value.visible());
    }

    private static List<String> redactAll(List<String> texts, Resolution resolution) {
        if (texts == null) {
            return null;
        }
        List<String> result = new ArrayList<>(texts.size());
        texts.forEach(t -> result.add(resolution.redact(t)));
        return result;
    }
}
