package io.ferry.connectors.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The connector's version, from the properties file the build writes. */
final class Version {

    static final String VALUE = load();

    private Version() {
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/ferry-mqtt-connector.properties")) {
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
