package io.ferry.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Free TCP ports for the servers and workers a test starts. A port is free when asked for, and nobody binds it until
 * the server starts; the system may well offer the same port again meanwhile (a worker's REST port and its JMX port,
 * asked for one after the other, were once the same). So no port is handed out twice in one JVM.
 */
public final class Ports {

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /** A port free on every address of the machine at the time of the call. */
    public static int freePort() {
        return unique(() -> new ServerSocket(0));
    }

    /** A port free on the loopback address at the time of the call, for servers that listen only there. */
    public static int freeLoopbackPort() {
        return unique(() -> new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }

    private interface SocketOpener {
        ServerSocket open() throws IOException;
    }

    private static int unique(SocketOpener opener) {
        while (true) {
            int port;
            try (ServerSocket socket = opener.open()) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("No free port", e);
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
    }
}
