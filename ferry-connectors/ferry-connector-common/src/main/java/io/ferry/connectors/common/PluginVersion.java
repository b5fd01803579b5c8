package io.ferry.connectors.common;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** A connector's version, from the properties file its build writes ({@code version=${project.version}}). */
public final class PluginVersion {

    private PluginVersion() {
    }

    /** @param resource the file's name at the root of the connector's jar, e.g. {@code /ferry-mqtt-connector.properties} */
    public static String read(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            Properties props = new Properties();
            if (in != null) {
                props.load(in);
            }
            return props.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
