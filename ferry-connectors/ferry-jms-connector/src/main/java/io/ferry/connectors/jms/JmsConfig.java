package io.ferry.connectors.jms;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.types.Password;

import java.util.Map;

/** The keys both JMS connectors share: how to reach the provider, and the destination. */
class JmsConfig extends AbstractConfig {

    static final String URL = "jms.url";
    static final String FACTORY_CLASS = "jms.connection.factory.class";
    static final String JNDI_CONTEXT_FACTORY = "jms.jndi.initial.context.factory";
    static final String JNDI_PROVIDER_URL = "jms.jndi.provider.url";
    static final String JNDI_FACTORY_NAME = "jms.jndi.connection.factory.name";
    static final String USERNAME = "jms.username";
    static final String PASSWORD = "jms.password";
    static final String DESTINATION_TYPE = "jms.destination.type";
    static final String DESTINATION_NAME = "jms.destination.name";

    static final String ARTEMIS_FACTORY = "org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory";
    static final String QUEUE = "queue";
    static final String TOPIC = "topic";

    private static final String PROVIDER = "JMS provider";

    static ConfigDef define(ConfigDef def) {
        int order = 0;
        return def
                .define(URL, Type.STRING, null, Importance.HIGH,
                        "The broker URL, given to the connection factory's constructor, e.g. tcp://127.0.0.1:61616 for ActiveMQ Artemis.",
                        PROVIDER, ++order, ConfigDef.Width.LONG, "Broker URL")
                .define(FACTORY_CLASS, Type.STRING, ARTEMIS_FACTORY, Importance.MEDIUM,
                        "The provider's jakarta.jms.ConnectionFactory class, made with jms.url as its one argument (or none "
                                + "without jms.url). Its jars go into the plugin's directory; ActiveMQ Artemis's client is there already.",
                        PROVIDER, ++order, ConfigDef.Width.LONG, "Connection factory class")
                .define(JNDI_CONTEXT_FACTORY, Type.STRING, null, Importance.MEDIUM,
                        "Instead of a class: look the connection factory up in JNDI with this initial context factory.",
                        PROVIDER, ++order, ConfigDef.Width.LONG, "JNDI context factory")
                .define(JNDI_PROVIDER_URL, Type.STRING, null, Importance.MEDIUM, "The JNDI provider URL.",
                        PROVIDER, ++order, ConfigDef.Width.LONG, "JNDI provider URL")
                .define(JNDI_FACTORY_NAME, Type.STRING, "ConnectionFactory", Importance.LOW,
                        "The connection factory's JNDI name.", PROVIDER, ++order, ConfigDef.Width.MEDIUM, "JNDI name")
                .define(USERNAME, Type.STRING, null, Importance.MEDIUM, "The user to connect as.",
                        PROVIDER, ++order, ConfigDef.Width.MEDIUM, "User name")
                .define(PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "The user's password.",
                        PROVIDER, ++order, ConfigDef.Width.MEDIUM, "Password")
                .define(DESTINATION_TYPE, Type.STRING, QUEUE, ValidString.in(QUEUE, TOPIC), Importance.HIGH,
                        "queue or topic.", PROVIDER, ++order, ConfigDef.Width.SHORT, "Destination type")
                .define(DESTINATION_NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "The queue's or topic's name.", PROVIDER, ++order, ConfigDef.Width.MEDIUM, "Destination");
    }

    JmsConfig(ConfigDef def, Map<?, ?> props) {
        super(def, props);
    }

    boolean topic() {
        return TOPIC.equals(getString(DESTINATION_TYPE));
    }

    String password() {
        Password password = getPassword(PASSWORD);
        return password == null ? null : password.value();
    }

    /** What a message names the provider by, in errors. */
    String provider() {
        String url = getString(URL);
        return url != null ? url : getString(JNDI_PROVIDER_URL) != null ? getString(JNDI_PROVIDER_URL) : getString(FACTORY_CLASS);
    }
}
