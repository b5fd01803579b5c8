package io.ferry.connectors.jms;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import org.apache.kafka.connect.errors.ConnectException;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/** Makes the provider's connection factory, by class or from JNDI, and opens a connection with it. */
final class JmsConnections {

    private JmsConnections() {
    }

    static Connection open(JmsConfig config) {
        ConnectionFactory factory = factory(config);
        try {
            String user = config.getString(JmsConfig.USERNAME);
            return user != null ? factory.createConnection(user, config.password()) : factory.createConnection();
        } catch (JMSException e) {
            throw new ConnectException("Cannot connect to the JMS provider at " + config.provider() + ": " + message(e), e);
        }
    }

    static ConnectionFactory factory(JmsConfig config) {
        String contextFactory = config.getString(JmsConfig.JNDI_CONTEXT_FACTORY);
        if (contextFactory != null) {
            Hashtable<String, Object> environment = new Hashtable<>();
            environment.put(Context.INITIAL_CONTEXT_FACTORY, contextFactory);
            if (config.getString(JmsConfig.JNDI_PROVIDER_URL) != null) {
                environment.put(Context.PROVIDER_URL, config.getString(JmsConfig.JNDI_PROVIDER_URL));
            }
            String name = config.getString(JmsConfig.JNDI_FACTORY_NAME);
            try {
                return (ConnectionFactory) new InitialContext(environment).lookup(name);
            } catch (NamingException | ClassCastException e) {
                throw new ConnectException("Cannot look up the JMS connection factory '" + name + "' with " + contextFactory + ": " + e.getMessage(), e);
            }
        }
        String className = config.getString(JmsConfig.FACTORY_CLASS);
        String url = config.getString(JmsConfig.URL);
        try {
            // The plugin's own class loader: the provider's jars are in the plugin's directory.
            Class<?> type = Class.forName(className, true, JmsConnections.class.getClassLoader());
            Object factory = url != null ? type.getConstructor(String.class).newInstance(url) : type.getConstructor().newInstance();
            return (ConnectionFactory) factory;
        } catch (ClassNotFoundException e) {
            throw new ConnectException("The JMS connection factory class " + className + " is not in the plugin's directory", e);
        } catch (ReflectiveOperationException | ClassCastException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConnectException("Cannot make the JMS connection factory " + className + (url != null ? " for " + url : "")
                    + ": " + cause.getMessage(), cause);
        }
    }

    /** A JMS exception's message, with its linked exception's, which often says more. */
    static String message(JMSException e) {
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return e.getLinkedException() != null && e.getLinkedException().getMessage() != null
                ? message + " (" + e.getLinkedException().getMessage() + ")" : message;
    }
}
