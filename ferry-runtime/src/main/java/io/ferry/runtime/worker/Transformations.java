package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.plugins.IsolatedPredicate;
import io.ferry.runtime.plugins.IsolatedTransformation;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds a connector's transformation chain from its {@code transforms.*} and {@code predicates.*} keys. */
public final class Transformations {

    private Transformations() {
    }

    public static <R extends ConnectRecord<R>> TransformationChain<R> chain(Map<String, String> config, Plugins plugins) {
        List<TransformationStage<R>> stages = new ArrayList<>();
        try {
            for (String alias : aliases(config.get(ConnectorConfig.TRANSFORMS_CONFIG))) {
                stages.add(stage(alias, config, plugins));
            }
        } catch (RuntimeException e) {
            stages.forEach(TransformationStage::close);
            throw e;
        }
        return new TransformationChain<>(stages);
    }

    private static <R extends ConnectRecord<R>> TransformationStage<R> stage(String alias, Map<String, String> config,
                                                                            Plugins plugins) {
        String prefix = "transforms." + alias + ".";
        String type = config.get(prefix + "type");
        if (type == null || type.isBlank()) {
            throw new ConnectException("Transformation '" + alias + "' has no type: set " + prefix + "type");
        }
        IsolatedTransformation<R> transformation = plugins.newTransformation(type.trim(), config.get(prefix + "plugin.version"));
        transformation.configure(withPrefix(config, prefix));
        IsolatedPredicate<R> predicate = null;
        String predicateAlias = config.get(prefix + "predicate");
        if (predicateAlias != null && !predicateAlias.isBlank()) {
            predicateAlias = predicateAlias.trim();
            predicate = predicate(predicateAlias, config, plugins);
        } else {
            predicateAlias = null;
        }
        boolean negate = Boolean.parseBoolean(config.getOrDefault(prefix + "negate", "false").trim());
        return new TransformationStage<>(alias, transformation, predicateAlias, predicate, negate);
    }

    private static <R extends ConnectRecord<R>> IsolatedPredicate<R> predicate(String alias, Map<String, String> config,
                                                                      Plugins plugins) {
        if (!aliases(config.get(ConnectorConfig.PREDICATES_CONFIG)).contains(alias)) {
            throw new ConnectException("Predicate '" + alias + "' is used by a transformation but not listed in 'predicates'");
        }
        String prefix = "predicates." + alias + ".";
        String type = config.get(prefix + "type");
        if (type == null || type.isBlank()) {
            throw new ConnectException("Predicate '" + alias + "' has no type: set " + prefix + "type");
        }
        IsolatedPredicate<R> predicate = plugins.newPredicate(type.trim(), config.get(prefix + "plugin.version"));
        predicate.configure(withPrefix(config, prefix));
        return predicate;
    }

    public static List<String> aliases(String list) {
        List<String> result = new ArrayList<>();
        if (list != null) {
            for (String alias : list.split(",")) {
                if (!alias.isBlank()) {
                    result.add(alias.trim());
                }
            }
        }
        return result;
    }

    /** The entries whose keys start with the prefix, with the prefix removed. */
    public static Map<String, String> withPrefix(Map<String, String> config, String prefix) {
        Map<String, String> result = new HashMap<>();
        config.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                result.put(k.substring(prefix.length()), v);
            }
        });
        return result;
    }
}
