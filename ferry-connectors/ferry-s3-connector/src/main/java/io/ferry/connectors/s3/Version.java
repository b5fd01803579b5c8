package io.ferry.connectors.s3;

import io.ferry.connectors.common.PluginVersion;

/** The connector's version, from the properties file the build writes. */
final class Version {

    static final String VALUE = PluginVersion.read(Version.class, "/ferry-s3-connector.properties");

    private Version() {
    }
}
