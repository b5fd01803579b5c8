package io.ferry.it.support;

import io.ferry.testsupport.Ports;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * s3proxy, an S3-compatible server that keeps each bucket as a directory, in a process of its own (it brings Jetty
 * 11, which Ferry's own Jetty would clash with). Objects are files under {@link #bucket}: tests read them there.
 */
public final class S3Proxy implements AutoCloseable {

    public static final String ACCESS_KEY = "ferry-test";
    public static final String SECRET_KEY = "ferry-test-secret";

    private final Process process;
    private final Path baseDir;
    public final String endpoint;

    private S3Proxy(Process process, Path baseDir, String endpoint) {
        this.process = process;
        this.baseDir = baseDir;
        this.endpoint = endpoint;
    }

    public static S3Proxy start(Path dir) throws IOException {
        return start(dir, Ports.freePort(), ACCESS_KEY, SECRET_KEY);
    }

    /** On a given port with given credentials, e.g. those of an example in the documentation. */
    public static S3Proxy start(Path dir, int port, String identity, String credential) throws IOException {
        String jar = System.getProperty("ferry.it.s3proxyJar");
        if (jar == null) {
            throw new IllegalStateException("ferry.it.s3proxyJar is not set; run the tests through Maven");
        }
        Path baseDir = Files.createDirectories(dir.resolve("store"));
        Path properties = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + identity,
                "s3proxy.credential=" + credential,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + baseDir) + "\n");
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", jar, "org.gaul.s3proxy.Main", "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3Proxy proxy = new S3Proxy(process, baseDir, "http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(dir.resolve("s3proxy.log")));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return proxy;
    }

    /** Makes a bucket (a directory, for s3proxy's filesystem store) and returns where its objects are. */
    public Path bucket(String name) throws IOException {
        return Files.createDirectories(baseDir.resolve(name));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
