package io.ferry.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ferry.embedded.kafka.EmbeddedKafkaCluster;
import io.ferry.testsupport.Rest;
import io.ferry.testsupport.WorkerProcess;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Runs scenarios against one runtime and returns what each request answered, normalised for comparison. */
final class Runner {

    record Observation(String request, int status, JsonNode body) {
        @Override
        public String toString() {
            return request + " -> " + status + " " + body;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REBALANCE_EXPECTED = "Request cannot be completed because a rebalance is expected";
    private final WorkerProcess worker;
    private final Rest rest;
    private final String tag;
    private final Path dir;
    private final EmbeddedKafkaCluster kafka;
    private final RequestSigner signer;

    /** A runner for scenarios without signed requests: any it meets are signed with a key of its own. */
    Runner(WorkerProcess worker, String tag, Path dir, EmbeddedKafkaCluster kafka) {
        this(worker, tag, dir, kafka, new RequestSigner(kafka, null));
    }

    Runner(WorkerProcess worker, String tag, Path dir, EmbeddedKafkaCluster kafka, RequestSigner signer) {
        this.worker = worker;
        this.rest = worker.rest();
        this.tag = tag;
        this.dir = dir;
        this.kafka = kafka;
        this.signer = signer;
    }

    List<Observation> run(Scenario scenario) throws Exception {
        Path scenarioDir = Files.createDirectories(dirOf(scenario));
        List<Observation> observations = new ArrayList<>();
        for (Scenario.Step step : scenario.steps) {
            if (step instanceof Scenario.Request request) {
                observations.add(send(request, scenarioDir));
            } else if (step instanceof Scenario.AwaitConnector await) {
                awaitConnector(fill(await.connector(), scenarioDir), await.state(), await.tasks());
            } else if (step instanceof Scenario.AwaitTask await) {
                awaitTask(fill(await.connector(), scenarioDir), await.task(), await.state());
            } else if (step instanceof Scenario.AwaitNonEmpty await) {
                String path = fill(await.path(), scenarioDir);
                poll(path + " " + await.pointer() + " not empty", () -> {
                    JsonNode json = getJson(path);
                    return json != null && json.at(fill(await.pointer(), scenarioDir)).size() > 0;
                });
            } else if (step instanceof Scenario.AwaitStatusGone await) {
                String path = "/connectors/" + fill(await.connector(), scenarioDir) + "/status";
                poll(path + " answering 404", () -> statusCode(path) == 404);
            } else if (step instanceof Scenario.Prepare prepare) {
                prepare.action().accept(new Scenario.Context() {
                    @Override
                    public String tag() {
                        return tag;
                    }

                    @Override
                    public Path dir() {
                        return scenarioDir;
                    }

                    @Override
                    public void produce(String topic, String... values) {
                        for (String value : values) {
                            kafka.produce(fill(topic, scenarioDir), null, value);
                        }
                    }
                });
            }
        }
        return observations;
    }

    /** The directory that {@code {dir}} stands for in the scenario's steps. */
    Path dirOf(Scenario scenario) {
        return dir.resolve(scenario.name.replaceAll("[^A-Za-z0-9]+", "-"));
    }

    private String fill(String text, Path scenarioDir) {
        return text == null ? null : text.replace("{rt}", tag).replace("{dir}", scenarioDir.toString());
    }

    private Observation send(Scenario.Request request, Path scenarioDir) throws Exception {
        String path = fill(request.path(), scenarioDir);
        String body = fill(request.body(), scenarioDir);
        Rest.Response response = sendPastRebalance(request, path, body);
        JsonNode json = null;
        if (request.compare() == Scenario.Compare.BODY && response.body() != null && !response.body().isBlank()) {
            try {
                json = JSON.readTree(response.body());
            } catch (IOException e) {
                json = TextNode.valueOf("<not JSON> " + response.body());
            }
            if (request.select() != null && json != null) {
                json = json.at(request.select());
            }
            json = normalise(json, scenarioDir);
        }
        String location = response.header("Location");
        String described = request.describe() + (location == null ? "" : " [Location " + normaliseText(
                URI.create(location).getPath(), scenarioDir) + "]");
        return new Observation(described, response.status(), json);
    }

    /**
     * Sends the request again while a cluster answers it with its "rebalance is expected" error: Apache Kafka
     * Connect's answer to some reads until a rebalance that a change set off has finished (Ferry answers them from its
     * view of the topics, see docs/compatibility.md). The scenarios compare what is answered once that has passed.
     */
    private Rest.Response sendPastRebalance(Scenario.Request request, String path, String body) throws Exception {
        Rest.Response[] last = new Rest.Response[1];
        poll(request.describe() + " answered other than \"" + REBALANCE_EXPECTED + "\"", () -> {
            last[0] = rest.send(request.method(), path, body, request.contentType(),
                    signer.headers(request.signature(), body));
            return !(last[0].status() == 500 && last[0].body() != null && last[0].body().contains(REBALANCE_EXPECTED));
        });
        return last[0];
    }

    private void awaitConnector(String connector, String state, int tasks) throws Exception {
        poll("connector " + connector + " " + state + " with " + tasks + " task(s)", () -> {
            JsonNode status = getJson("/connectors/" + connector + "/status");
            if (status == null || !state.equals(status.path("connector").path("state").asText())) {
                return false;
            }
            if (tasks >= 0 && status.path("tasks").size() != tasks) {
                return false;
            }
            // Tasks follow RUNNING and PAUSED; a failed or stopped connector says nothing about its tasks' states.
            String taskState = state.equals("RUNNING") || state.equals("PAUSED") ? state : null;
            for (JsonNode task : status.path("tasks")) {
                if (taskState != null && !taskState.equals(task.path("state").asText())) {
                    return false;
                }
            }
            return true;
        });
    }

    private void awaitTask(String connector, int task, String state) throws Exception {
        poll("task " + connector + "-" + task + " " + state, () -> {
            JsonNode status = getJson("/connectors/" + connector + "/tasks/" + task + "/status");
            return status != null && state.equals(status.path("state").asText());
        });
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void poll(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.met()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Timed out waiting for " + what);
    }

    /** A plain GET: no content type, unlike {@link Rest#get}. */
    private Rest.Response get(String path) {
        return rest.send("GET", path, null, null, Map.of());
    }

    private int statusCode(String path) {
        return get(path).status();
    }

    private JsonNode getJson(String path) {
        Rest.Response response = get(path);
        return response.status() == 200 ? response.json() : null;
    }

    /**
     * Makes answers comparable across runtimes: the runtime's tag, directory and worker id become placeholders;
     * traces keep their first line; arrays of names are sorted; config key definitions lose their
     * {@code documentation}, which is Ferry's own wording (see docs/compatibility.md).
     */
    private JsonNode normalise(JsonNode node, Path scenarioDir) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(normaliseText(node.asText(), scenarioDir));
        }
        if (node.isObject()) {
            ObjectNode result = JSON.createObjectNode();
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(normaliseText(e.getKey(), scenarioDir), e.getValue());
            }
            boolean configKey = node.has("display_name") && node.has("importance");
            sorted.forEach((key, value) -> {
                if (configKey && key.equals("documentation")) {
                    return;
                }
                if (key.equals("trace") && value.isTextual()) {
                    result.put(key, normaliseText(value.asText().lines().findFirst().orElse(""), scenarioDir));
                } else {
                    result.set(key, normalise(value, scenarioDir));
                }
            });
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JSON.createArrayNode();
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(normalise(item, scenarioDir)));
            if (items.stream().allMatch(JsonNode::isTextual)) {
                items.sort((a, b) -> a.asText().compareTo(b.asText()));
            }
            items.forEach(result::add);
            return result;
        }
        return node;
    }

    private String normaliseText(String text, Path scenarioDir) {
        return text.replace(scenarioDir.toString(), "{dir}").replace(tag, "{rt}")
                .replace("127.0.0.1:" + worker.port, "{worker}");
    }
}
