package io.ferry.connectors.jms;

import io.ferry.connectors.common.PluginVersion;

/** The connector's version, from the properties file the build writes. */
final class Version {

    static final String VALUE = PluginVersion.read(Version.class, "/ferry-jms-connector.properties");

    private Version() {
    }
}
