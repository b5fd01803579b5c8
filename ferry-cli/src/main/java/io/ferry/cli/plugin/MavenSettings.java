package io.ferry.cli.plugin;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ferry plugin install} takes from the user's Maven settings ({@code ~/.m2/settings.xml}): the local
 * repository, mirrors, proxies and offline mode, so that it downloads the way the user's Maven does.
 */
record MavenSettings(Path localRepository, boolean offline, List<Mirror> mirrors, List<Proxy> proxies) {

    record Mirror(String id, String url, String mirrorOf) {
    }

    record Proxy(String protocol, String host, int port, String username, String password, String nonProxyHosts) {
    }

    static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".m2", "settings.xml");
    }

    static MavenSettings read(Path file) {
        Path defaultRepository = Path.of(System.getProperty("user.home"), ".m2", "repository");
        if (file == null || !Files.isRegularFile(file)) {
            return new MavenSettings(defaultRepository, false, List.of(), List.of());
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            Element root = doc.getDocumentElement();
            String local = text(root, "localRepository");
            boolean offline = "true".equalsIgnoreCase(text(root, "offline"));
            List<Mirror> mirrors = new ArrayList<>();
            for (Element m : children(root, "mirrors", "mirror")) {
                mirrors.add(new Mirror(text(m, "id"), text(m, "url"), text(m, "mirrorOf")));
            }
            List<Proxy> proxies = new ArrayList<>();
            for (Element p : children(root, "proxies", "proxy")) {
                if ("false".equalsIgnoreCase(text(p, "active"))) {
                    continue;
                }
                String port = text(p, "port");
                proxies.add(new Proxy(text(p, "protocol") == null ? "http" : text(p, "protocol"), text(p, "host"),
                        port == null ? 8080 : Integer.parseInt(port), text(p, "username"), text(p, "password"),
                        text(p, "nonProxyHosts")));
            }
            return new MavenSettings(local == null ? defaultRepository : Path.of(expand(local)), offline, mirrors, proxies);
        } catch (Exception e) {
            throw new IllegalArgumentException("Cannot read Maven settings " + file + ": " + e.getMessage(), e);
        }
    }

    private static String expand(String value) {
        return value.replace("${user.home}", System.getProperty("user.home"));
    }

    private static String text(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                String value = e.getTextContent().trim();
                return value.isEmpty() ? null : expand(value);
            }
        }
        return null;
    }

    private static List<Element> children(Element root, String container, String name) {
        List<Element> result = new ArrayList<>();
        NodeList containers = root.getElementsByTagName(container);
        for (int i = 0; i < containers.getLength(); i++) {
            for (Node n = containers.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals(name)) {
                    result.add(e);
                }
            }
        }
        return result;
    }
}
