package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.testsupport.Ports;
import io.ferry.testsupport.Rest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code bin/ferry quickstart}, as a user runs it: records flow, Ctrl-C stops everything, a second run works. */
class QuickstartIT {

    private static final Pattern RECEIVED = Pattern.compile("received (\\d+) records");

    @Test
    void startsShowsRecordsFlowingAndStopsCleanlyTwice(@TempDir Path work) throws Exception {
        runOnce(work);
        runOnce(work);
    }

    private void runOnce(Path work) throws Exception {
        int port = Ports.freePort();
        Path home = Path.of(System.getProperty("ferry.home")).toAbsolutePath().normalize();
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/ferry").toString(), "quickstart",
                "--rest-port", String.valueOf(port), "--work-dir", work.toString(), "--rate", "50")
                .redirectErrorStream(true);
        builder.environment().put("KAFKA_HEAP_OPTS", "-Xmx512m");
        Process process = builder.start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    System.out.println("[quickstart] " + line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(120)).until(() -> output.stream().anyMatch(l -> l.contains("Press Ctrl-C")));
            assertThat(String.join("\n", output))
                    .contains("curl -s http://127.0.0.1:" + port + "/connectors")
                    .contains("quickstart-source").contains("quickstart-sink");

            Rest rest = new Rest("http://127.0.0.1:" + port);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                JsonNode status = rest.get("/connectors/quickstart-sink/status").json();
                return status != null && "RUNNING".equals(status.path("tasks").path(0).path("state").asText());
            });
            // Records visibly flow: the sink reports a growing count.
            await().atMost(Duration.ofSeconds(60)).until(() -> maxReceived(output) >= 100);
        } finally {
            pressCtrlC(process);
        }
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60 s").isTrue();
        reader.join(10_000);
        assertThat(process.exitValue()).isIn(0, 130);
        assertThat(output).anyMatch(l -> l.contains("Quickstart stopped cleanly."));
        assertThat(output).noneMatch(l -> l.contains("Exception in thread"));
    }

    /** What Ctrl-C in a terminal does: SIGINT to the process (whose output stays readable). */
    private static void pressCtrlC(Process process) throws Exception {
        new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).inheritIO().start().waitFor();
    }

    private static long maxReceived(List<String> output) {
        long max = 0;
        for (String line : output) {
            Matcher m = RECEIVED.matcher(line);
            if (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }
}
