package io.ferry.runtime.worker;

import io.ferry.runtime.plugins.Plugins;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/** One configured transformation, optionally guarded by a predicate ({@code transforms.<alias>.predicate/negate}). */
public final class TransformationStage<R extends ConnectRecord<R>> implements AutoCloseable {

    private final String alias;
    private final Transformation<R> transformation;
    private final ClassLoader transformationLoader;
    private final Predicate<R> predicate;
    private final ClassLoader predicateLoader;
    private final boolean negate;

    public TransformationStage(String alias, Transformation<R> transformation, ClassLoader transformationLoader,
                               Predicate<R> predicate, ClassLoader predicateLoader, boolean negate) {
        this.alias = alias;
        this.transformation = transformation;
        this.transformationLoader = transformationLoader;
        this.predicate = predicate;
        this.predicateLoader = predicateLoader;
        this.negate = negate;
    }

    public R apply(R record) {
        if (predicate != null) {
            boolean matches;
            try (var ignored = Plugins.swapLoader(predicateLoader)) {
                matches = predicate.test(record);
            }
            if (matches == negate) {
                return record;
            }
        }
        try (var ignored = Plugins.swapLoader(transformationLoader)) {
            return transformation.apply(record);
        }
    }

    public String alias() {
        return alias;
    }

    public Class<?> transformationClass() {
        return transformation.getClass();
    }

    @Override
    public void close() {
        try (var ignored = Plugins.swapLoader(transformationLoader)) {
            Utils.closeQuietly(transformation, "transformation " + alias);
        }
        if (predicate != null) {
            try (var ignored = Plugins.swapLoader(predicateLoader)) {
                Utils.closeQuietly(predicate, "predicate of transformation " + alias);
            }
        }
    }
}
