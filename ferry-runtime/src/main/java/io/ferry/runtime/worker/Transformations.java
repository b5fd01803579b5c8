package io.ferry.runtime.worker;

import io.ferry.runtime.config.ConnectorConfig;
import io.ferry.runtime.plugins.PluginType;
import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

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
        @SuppressWarnings("unchecked")
        Transformation<R> transformation = plugins.newPlugin(type.trim(), config.get(prefix + "plugin.version"),
                Transformation.class, PluginType.TRANSFORMATION);
        ClassLoader transformationLoader = plugins.loaderOf(transformation);
        try (var ignored = Plugins.swapLoader(transformationLoader)) {
            transformation.configure(withPrefix(config, prefix));
        }
        Predicate<R> predicate = null;
        ClassLoader predicateLoader = null;
        String predicateAlias = config.get(prefix + "predicate");
        if (predicateAlias != null && !predicateAlias.isBlank()) {
            predicate = predicate(predicateAlias.trim(), config, plugins);
            predicateLoader = plugins.loaderOf(predicate);
        }
        boolean negate = Boolean.parseBoolean(config.getOrDefault(prefix + "negate", "false").trim());
        return new TransformationStage<>(alias, transformation, transformationLoader, predicate, predicateLoader, negate);
    }

    private static <R extends ConnectRecord<R>> Predicate<R> predicate(String alias, Map<String, String> config,
                                                                      Plugins plugins) {
        if (!aliases(config.get(ConnectorConfig.PREDICATES_CONFIG)).contains(alias)) {
            throw new ConnectException("Predicate '" + alias + "' is used by a transformation but not listed in 'predicates'");
        }
        String prefix = "predicates." + alias + ".";
        String type = config.get(prefix + "type");
        if (type == null || type.isBlank()) {
            throw new ConnectException("Predicate '" + alias + "' has no type: set " + prefix + "type");
        }
        @SuppressWarnings("unchecked")
        Predicate<R> predicate = plugins.newPlugin(type.trim(), config.get(prefix + "plugin.version"),
                Predicate.class, PluginType.PREDICATE);
        try (var ignored = Plugins.swapLoader(plugins.loaderOf(predicate))) {
            predicate.configure(withPrefix(config, prefix));
        }
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
