package io.ferry.conformance;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A remote JMX connection to one worker process: lists its MBeans and reads their attributes. */
final class JmxClient implements AutoCloseable {

    /** The JVM options that open remote JMX, without authentication, on a loopback port. */
    static List<String> jvmOptions(int port) {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port, "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=127.0.0.1", "-Djava.rmi.server.hostname=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false",
                "-Dcom.sun.management.jmxremote.local.only=true");
    }

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private JmxClient(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Connects to the JMX agent the worker's JVM started (before its main class ran) on the given port. */
    static JmxClient connect(int port) throws IOException {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        return new JmxClient(JMXConnectorFactory.connect(url));
    }

    /**
     * Every MBean of the domains with its attribute names, keyed by {@link ObjectName#getKeyPropertyListString()}
     * after the domain, which keeps the keys in the order they were registered in.
     */
    Map<String, Set<String>> attributesByName(List<String> domains) throws Exception {
        Map<String, Set<String>> result = new TreeMap<>();
        for (String domain : domains) {
            for (ObjectName name : server.queryNames(new ObjectName(domain + ":*"), null)) {
                Set<String> attributes = new TreeSet<>();
                try {
                    for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                        attributes.add(attribute.getName());
                    }
                } catch (InstanceNotFoundException e) {
                    continue; // unregistered since the query (a client closed): not part of the settled picture
                }
                result.put(name.getDomain() + ":" + name.getKeyPropertyListString(), attributes);
            }
        }
        return result;
    }

    /** An attribute's value, or a text naming what is absent (so that assertion messages say why). */
    Object read(String objectName, String attribute) throws Exception {
        ObjectName name = new ObjectName(objectName);
        if (!server.isRegistered(name)) {
            return "<no MBean " + objectName + ">";
        }
        try {
            return server.getAttribute(name, attribute);
        } catch (javax.management.AttributeNotFoundException e) {
            return "<no attribute " + attribute + " of " + objectName + ">";
        } catch (InstanceNotFoundException e) {
            return "<no MBean " + objectName + ">";
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
