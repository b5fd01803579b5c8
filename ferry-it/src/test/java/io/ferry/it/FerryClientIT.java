package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.Lines;
import io.ferry.it.support.SharedKafka;
import io.ferry.it.support.StandaloneWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The {@code ferry} client against a running worker. */
class FerryClientIT {

    private static final EmbeddedKafkaCluster kafka = SharedKafka.get();

    @TempDir
    Path dir;
    private StandaloneWorker worker;
    private String url;

    @BeforeEach
    void start() {
        worker = new StandaloneWorker(kafka.bootstrapServers(), dir).start();
        url = "http://127.0.0.1:" + worker.runtime().restPort();
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    private FerryCommand.Result ferry(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--url") && !all.get(0).equals("completion")) {
            all.add("--url");
            all.add(url);
        }
        return FerryCommand.run(all.toArray(String[]::new));
    }

    private Path connectorFile(Path target, String name, String topic) throws Exception {
        Path input = dir.resolve(name + ".txt");
        Lines.append(input, Lines.numbered(1, 3));
        Files.writeString(target.resolve(name + ".json"), "{\"name\": \"" + name + "\", \"config\": {\n"
                + "  \"connector.class\": \"FileStreamSource\", \"file\": \"" + input + "\", \"topic\": \"" + topic + "\",\n}}\n");
        return input;
    }

    @Test
    void applyIsIdempotentAndDeclarative() throws Exception {
        Path set = Files.createDirectories(dir.resolve("set"));
        connectorFile(set, "cli-a", "cli-a");
        Files.writeString(set.resolve("cli-b.properties"),
                "name=cli-b\nconnector.class=FileStreamSink\nfile=" + dir.resolve("b.out") + "\ntopics=cli-a\n");

        FerryCommand.Result created = ferry("apply", "-f", set.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("cli-a").contains("created");
        assertThat(ferry("apply", "-f", set.toString()).out()).contains("unchanged").doesNotContain("created");

        connectorFile(set, "cli-a", "cli-a-2");
        FerryCommand.Result dryRun = ferry("apply", "-f", set.toString(), "--dry-run");
        assertThat(dryRun.exit()).isZero();
        assertThat(dryRun.out()).contains("would configure").contains("~ topic: cli-a -> cli-a-2");
        assertThat(worker.rest().get("/connectors/cli-a/config").json().path("topic").asText()).isEqualTo("cli-a");
        assertThat(ferry("apply", "-f", set.toString()).out()).contains("configured");
        assertThat(worker.rest().get("/connectors/cli-a/config").json().path("topic").asText()).isEqualTo("cli-a-2");

        Files.delete(set.resolve("cli-b.properties"));
        assertThat(ferry("apply", "-f", set.toString(), "--prune", "--dry-run").out()).contains("would delete");
        assertThat(worker.rest().get("/connectors/cli-b").status()).isEqualTo(200);
        FerryCommand.Result pruned = ferry("apply", "-f", set.toString(), "--prune", "-o", "json");
        assertThat(pruned.json().toString()).contains("\"connector\":\"cli-b\"").contains("\"action\":\"deleted\"");
        assertThat(worker.rest().get("/connectors/cli-b").status()).isEqualTo(404);
    }

    @Test
    void listDescribeAndLifecycle() throws Exception {
        Path set = Files.createDirectories(dir.resolve("one"));
        connectorFile(set, "cli-life", "cli-life");
        assertThat(ferry("apply", "-f", set.resolve("cli-life.json").toString()).exit()).isZero();
        worker.awaitRunning("cli-life", 1);

        FerryCommand.Result table = ferry("get", "connectors");
        assertThat(table.out().lines().findFirst().orElse("")).contains("NAME").contains("STATE").contains("TASKS");
        assertThat(table.out()).containsPattern("cli-life\\s+source\\s+RUNNING\\s+1/1\\s+" + worker.workerId());
        assertThat(ferry("get", "connectors", "-o", "json").json().path("cli-life").path("status").path("type").asText())
                .isEqualTo("source");
        assertThat(ferry("get", "connectors", "-o", "yaml").out()).contains("cli-life:").contains("type: source");

        FerryCommand.Result described = ferry("describe", "connector", "cli-life");
        assertThat(described.out()).contains("Name:     cli-life").contains("Config:").contains("connector.class = FileStreamSource")
                .contains("Tasks:").contains("RUNNING");

        assertThat(ferry("pause", "cli-life").exit()).isZero();
        worker.awaitTaskState("cli-life", 0, "PAUSED");
        assertThat(ferry("resume", "cli-life").exit()).isZero();
        worker.awaitRunning("cli-life", 1);
        FerryCommand.Result restarted = ferry("restart", "cli-life", "--tasks", "-o", "json");
        assertThat(restarted.json().path("tasks").get(0).path("state").asText()).isEqualTo("RESTARTING");
        worker.awaitRunning("cli-life", 1);

        await().atMost(Duration.ofSeconds(30)).until(() -> ferry("offsets", "get", "cli-life").out().contains("position"));
        assertThat(ferry("stop", "cli-life").exit()).isZero();
        await().atMost(Duration.ofSeconds(30)).until(() -> ferry("describe", "connector", "cli-life").out().contains("Offsets:"));
        FerryCommand.Result set2 = ferry("offsets", "set", "cli-life", "--partition",
                "{\"filename\":\"" + dir.resolve("cli-life.txt") + "\"}", "--offset", "{\"position\":0}");
        assertThat(set2.exit()).as(set2.err()).isZero();
        assertThat(set2.out()).contains("altered successfully");
        assertThat(ferry("offsets", "reset", "cli-life").out()).contains("reset successfully");
        assertThat(ferry("delete", "cli-life").exit()).isZero();
    }

    @Test
    void patchChangesSomeKeysAndShowsTheChanges() throws Exception {
        Path set = Files.createDirectories(dir.resolve("patch"));
        connectorFile(set, "cli-patch", "cli-patch");
        assertThat(ferry("apply", "-f", set.resolve("cli-patch.json").toString()).exit()).isZero();

        FerryCommand.Result dryRun = ferry("patch", "cli-patch", "topic=cli-patch-2", "batch.size=100", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("would configure").contains("~ topic: cli-patch -> cli-patch-2").contains("+ batch.size=100");
        assertThat(worker.rest().get("/connectors/cli-patch/config").json().path("topic").asText()).isEqualTo("cli-patch");

        FerryCommand.Result patched = ferry("patch", "cli-patch", "topic=cli-patch-2", "batch.size=100");
        assertThat(patched.exit()).as(patched.err()).isZero();
        assertThat(patched.out().lines()).containsExactly(
                "CONNECTOR  ACTION",
                "cli-patch  configured",
                "           + batch.size=100",
                "           ~ topic: cli-patch -> cli-patch-2");
        JsonNode config = worker.rest().get("/connectors/cli-patch/config").json();
        assertThat(config.path("topic").asText()).isEqualTo("cli-patch-2");
        assertThat(config.path("batch.size").asText()).isEqualTo("100");
        assertThat(config.path("file").asText()).as("keys not in the patch stay").isEqualTo(dir.resolve("cli-patch.txt").toString());

        Path patchFile = Files.writeString(dir.resolve("patch.json"), "{\"batch.size\": null, \"topic\": \"cli-patch-2\"}");
        FerryCommand.Result unset = ferry("patch", "cli-patch", "-f", patchFile.toString(), "-o", "json");
        assertThat(unset.json().toString())
                .isEqualTo("{\"connector\":\"cli-patch\",\"action\":\"configured\",\"changes\":[\"- batch.size\"]}");
        assertThat(worker.rest().get("/connectors/cli-patch/config").json().has("batch.size")).isFalse();
        assertThat(ferry("patch", "cli-patch", "--unset", "batch.size").out()).contains("unchanged");

        FerryCommand.Result invalid = ferry("patch", "cli-patch", "tasks.max=0", "--dry-run");
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.out()).contains("invalid").contains("! tasks.max: ");

        assertThat(ferry("patch", "nobody", "topic=x").exit()).isEqualTo(4);
        FerryCommand.Result noValue = ferry("patch", "cli-patch", "topic");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err()).contains("Expected KEY=VALUE, got 'topic' (remove a key with --unset KEY)");
    }

    @Test
    void pluginsValidateAndLoggers() throws Exception {
        assertThat(ferry("plugins").out()).contains("org.apache.kafka.connect.file.FileStreamSourceConnector").contains("source");
        assertThat(ferry("plugins", "--all").out()).contains("org.apache.kafka.connect.transforms.RegexRouter");

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"bad\",\"config\":{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"0\"}}");
        FerryCommand.Result invalid = ferry("validate", "-f", bad.toString());
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.out()).contains("tasks.max").contains("topic").contains("2 error(s)");

        assertThat(ferry("loggers").out()).contains("root");
        FerryCommand.Result set = ferry("loggers", "io.ferry.cli", "--level", "debug");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(ferry("loggers", "io.ferry.cli", "-o", "json").json().path("level").asText()).isEqualTo("DEBUG");
    }

    @Test
    void failuresAreOneLineWithExitCodesScriptsCanUse() {
        FerryCommand.Result missing = ferry("describe", "connector", "nobody");
        assertThat(missing.exit()).isEqualTo(4);
        assertThat(missing.err().strip()).startsWith("ferry: the worker answered 404").doesNotContain("\n");

        FerryCommand.Result unreachable = ferry("get", "connectors", "--url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err().strip()).isEqualTo("ferry: cannot reach the worker at http://127.0.0.1:1 (set --url, --context or FERRY_URL)");

        assertThat(ferry("get", "widgets").exit()).isEqualTo(2);
        assertThat(ferry("completion").out()).contains("ferry");
    }
}
