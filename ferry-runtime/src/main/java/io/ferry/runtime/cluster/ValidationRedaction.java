package io.ferry.runtime.cluster;

import io.ferry.runtime.config.Resolution;
import io.ferry.runtime.model.ConfigInfos;
import io.ferry.runtime.model.ConfigInfos.ConfigInfo;
import io.ferry.runtime.model.ConfigInfos.ConfigValueInfo;

import java.util.ArrayList;
import java.util.List;

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
