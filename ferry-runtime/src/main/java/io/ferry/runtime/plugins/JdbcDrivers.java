package io.ferry.runtime.plugins;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Driver;
import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Registers the JDBC drivers a plugin bundles. java.sql.DriverManager finds drivers only through the class loader it
 * starts with, so drivers inside a plugin would stay unknown to the plugin's own DriverManager calls (as Apache Kafka
 * Connect, Ferry loads them when it loads the plugin).
 */
final class JdbcDrivers {

    private static final Logger log = LoggerFactory.getLogger(JdbcDrivers.class);

    private JdbcDrivers() {
    }

    static void register(ClassLoader loader, String location) {
        // A driver registers itself with DriverManager from its static initializer, which runs here.
        try (LoaderSwap ignored = new LoaderSwap(loader)) {
            Iterator<Driver> drivers = ServiceLoader.load(Driver.class, loader).iterator();
            while (true) {
                try {
                    if (!drivers.hasNext()) {
                        break;
                    }
                    Driver driver = drivers.next();
                    log.debug("Registered JDBC driver {} of {}", driver.getClass().getName(), location);
                } catch (ServiceConfigurationError | LinkageError e) {
                    log.debug("A JDBC driver of {} could not be loaded: {}", location, e.toString());
                }
            }
        } catch (RuntimeException e) {
            log.debug("JDBC drivers of {} could not be listed: {}", location, e.toString());
        }
    }
}
