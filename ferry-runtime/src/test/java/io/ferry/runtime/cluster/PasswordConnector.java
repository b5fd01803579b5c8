package io.ferry.runtime.cluster;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/** A connector with a password and a port, as database connectors have: what masking and redaction protect. */
public class PasswordConnector extends FakeSourceConnector {

    public static final String CLASS = PasswordConnector.class.getName();

    @Override
    public ConfigDef config() {
        return new ConfigDef()
                .define("db.password", Type.PASSWORD, null, Importance.HIGH, "The database password.")
                .define("db.port", Type.INT, 5432, Importance.LOW, "The database port.");
    }
}
