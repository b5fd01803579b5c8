package io.ferry.testsupport;

import java.nio.file.Path;

/** Ferry's own connectors, as the build bundles them. */
public final class FerryConnectors {

    private FerryConnectors() {
    }

    /** The directory bin/ferry puts on plugin.path: one plugin directory per connector. */
    public static Path pluginPath() {
        return Path.of(System.getProperty("ferry.home")).toAbsolutePath().normalize().resolve("ferry-connectors/target/plugins");
    }
}
