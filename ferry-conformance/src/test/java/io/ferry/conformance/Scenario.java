package io.ferry.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A named sequence of REST requests, run the same way against each runtime. Paths and bodies may hold
 * {@code {rt}} (a tag that differs per runtime, so connector names, topics and consumer groups never collide) and
 * {@code {dir}} (a directory of the runtime's own). Await steps wait for a state and are not compared.
 */
final class Scenario {

    enum Compare { BODY, STATUS_ONLY }

    /**
     * How a request is signed, as the workers of a cluster sign the requests they send each other (KIP-507): not at
     * all, or with one of the headers or keys a worker could get wrong. See {@link RequestSigner}.
     */
    enum Signature {
        NONE(""),
        SESSION_KEY(" (signed with the session key)"),
        OTHER_KEY(" (signed with another key)"),
        UNACCEPTED_ALGORITHM(" (signed with HmacSHA1, not an accepted algorithm)"),
        UNKNOWN_ALGORITHM(" (signed with an algorithm that does not exist)"),
        NOT_BASE64(" (with a signature that is not base64)");

        final String description;

        Signature(String description) {
            this.description = description;
        }
    }

    sealed interface Step permits Request, AwaitConnector, AwaitTask, AwaitNonEmpty, AwaitStatusGone, Prepare {
    }

    record Request(String method, String path, String body, String contentType, Compare compare, String select,
                   Signature signature) implements Step {
        Request(String method, String path, String body, String contentType, Compare compare, String select) {
            this(method, path, body, contentType, compare, select, Signature.NONE);
        }

        String describe() {
            return method + " " + path + signature.description;
        }
    }

    record AwaitConnector(String connector, String state, int tasks) implements Step {
    }

    record AwaitTask(String connector, int task, String state) implements Step {
    }

    /** Waits until the JSON at a pointer of a GET answer is a non-empty array or object. */
    record AwaitNonEmpty(String path, String pointer) implements Step {
    }

    /**
     * Waits until a deleted connector has no status left. Status records are removed after the config, so for a
     * moment a distributed runtime may still report the last states it knew.
     */
    record AwaitStatusGone(String connector) implements Step {
    }

    /** Work done before a request (writing an input file, producing records); receives the runtime's context. */
    record Prepare(Consumer<Context> action) implements Step {
    }

    /** What a Prepare step may use: the runtime's tag and directory, and the broker. */
    interface Context {
        String tag();

        java.nio.file.Path dir();

        void produce(String topic, String... values);
    }

    final String name;
    final List<Step> steps = new ArrayList<>();

    Scenario(String name) {
        this.name = name;
    }

    Scenario get(String path) {
        return request("GET", path, null);
    }

    Scenario delete(String path) {
        return request("DELETE", path, null);
    }

    Scenario post(String path, String json) {
        return request("POST", path, json);
    }

    Scenario put(String path, String json) {
        return request("PUT", path, json);
    }

    Scenario patch(String path, String json) {
        return request("PATCH", path, json);
    }

    Scenario request(String method, String path, String json) {
        steps.add(new Request(method, path, json, json == null ? null : "application/json", Compare.BODY, null));
        return this;
    }

    /** A request whose body and content type are sent exactly as given. */
    Scenario raw(String method, String path, String body, String contentType) {
        steps.add(new Request(method, path, body, contentType, Compare.BODY, null));
        return this;
    }

    /** A request signed as another worker of the cluster would sign it (or with a signature that is wrong). */
    Scenario signed(String method, String path, String json, Signature signature) {
        steps.add(new Request(method, path, json, json == null ? null : "application/json", Compare.BODY, null, signature));
        return this;
    }

    /** A request whose answer is compared by status only (its body differs by nature, e.g. lists of loggers). */
    Scenario statusOnly(String method, String path, String json) {
        steps.add(new Request(method, path, json, json == null ? null : "application/json", Compare.STATUS_ONLY, null));
        return this;
    }

    /** A GET whose answer is compared at one JSON pointer only. */
    Scenario getAt(String path, String pointer) {
        steps.add(new Request("GET", path, null, null, Compare.BODY, pointer));
        return this;
    }

    /** Waits for the connector's state and its number of tasks (-1: any number). */
    Scenario awaitConnector(String connector, String state, int tasks) {
        steps.add(new AwaitConnector(connector, state, tasks));
        return this;
    }

    Scenario awaitTask(String connector, int task, String state) {
        steps.add(new AwaitTask(connector, task, state));
        return this;
    }

    Scenario awaitNonEmpty(String path, String pointer) {
        steps.add(new AwaitNonEmpty(path, pointer));
        return this;
    }

    Scenario awaitStatusGone(String connector) {
        steps.add(new AwaitStatusGone(connector));
        return this;
    }

    Scenario prepare(Consumer<Context> action) {
        steps.add(new Prepare(action));
        return this;
    }

    @Override
    public String toString() {
        return name;
    }
}
