package io.ferry.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** The request sequences both runtimes must answer alike. */
final class Scenarios {

    private Scenarios() {
    }

    static Scenario s(List<Scenario> all, String name) {
        Scenario scenario = new Scenario(name);
        all.add(scenario);
        return scenario;
    }

    /** Source connector settings reading {dir}/in.txt into a topic. */
    static String sourceConfig(String topic, String extra) {
        return "{\"connector.class\":\"FileStreamSource\",\"file\":\"{dir}/in.txt\",\"topic\":\"" + topic + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String sinkConfig(String topics, String extra) {
        return "{\"connector.class\":\"FileStreamSink\",\"file\":\"{dir}/out.txt\",\"topics\":\"" + topics + "\""
                + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    static String create(String name, String config) {
        return "{\"name\":\"" + name + "\",\"config\":" + config + "}";
    }

    static void input(Scenario.Context c, String... lines) {
        try {
            Files.write(c.dir().resolve("in.txt"), List.of(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Scenario> all() {
        List<Scenario> all = new ArrayList<>();
        String src = "{rt}-src";

        // ---- the worker and its plugins ----
        s(all, "server info").get("/");
        s(all, "health").get("/health");
        s(all, "connector plugins").get("/connector-plugins");
        s(all, "all plugins").get("/connector-plugins?connectorsOnly=false");
        s(all, "source plugin config").get("/connector-plugins/FileStreamSource/config");
        s(all, "sink plugin config by class name").get("/connector-plugins/org.apache.kafka.connect.file.FileStreamSinkConnector/config");
        s(all, "transformation plugin config").get("/connector-plugins/RegexRouter/config");
        s(all, "predicate plugin config").get("/connector-plugins/TopicNameMatches/config");
        s(all, "converter plugin config").get("/connector-plugins/JsonConverter/config");
        s(all, "header converter plugin config").get("/connector-plugins/SimpleHeaderConverter/config");
        s(all, "unknown plugin config").get("/connector-plugins/NoSuchPlugin/config");
        s(all, "config provider has no plugin config").get("/connector-plugins/FileConfigProvider/config");
        s(all, "unknown path").get("/no/such/path");
        s(all, "wrong method").request("DELETE", "/connectors", null);

        // ---- validation ----
        String validate = "/connector-plugins/FileStreamSource/config/validate";
        s(all, "validate a good source config").put(validate, sourceConfig("t", "\"name\":\"v\""));
        s(all, "validate a source config without topic").put(validate, "{\"connector.class\":\"FileStreamSource\",\"name\":\"v\"}");
        s(all, "validate tasks.max below one").put(validate, sourceConfig("t", "\"name\":\"v\",\"tasks.max\":\"0\""));
        s(all, "validate a bad errors.tolerance").put(validate, sourceConfig("t", "\"name\":\"v\",\"errors.tolerance\":\"some\""));
        s(all, "validate a transformation chain").put(validate, sourceConfig("t", "\"name\":\"v\",\"transforms\":\"route\","
                + "\"transforms.route.type\":\"RegexRouter\",\"transforms.route.regex\":\"(.*)\",\"transforms.route.replacement\":\"x-$1\""));
        s(all, "validate a transformation without type").put(validate, sourceConfig("t", "\"name\":\"v\",\"transforms\":\"route\""));
        s(all, "validate an unknown transformation").put(validate, sourceConfig("t", "\"name\":\"v\",\"transforms\":\"x\","
                + "\"transforms.x.type\":\"com.example.NoSuchTransform\""));
        s(all, "validate a predicate").put(validate, sourceConfig("t", "\"name\":\"v\",\"transforms\":\"drop\","
                + "\"transforms.drop.type\":\"Filter\",\"transforms.drop.predicate\":\"isT\",\"predicates\":\"isT\","
                + "\"predicates.isT.type\":\"TopicNameMatches\",\"predicates.isT.pattern\":\"t.*\""));
        s(all, "validate a predicate without its pattern").put(validate, sourceConfig("t", "\"name\":\"v\",\"predicates\":\"isT\","
                + "\"predicates.isT.type\":\"TopicNameMatches\""));
        s(all, "validate a duplicate transformation alias").put(validate, sourceConfig("t", "\"name\":\"v\",\"transforms\":\"a,a\","
                + "\"transforms.a.type\":\"RegexRouter\",\"transforms.a.regex\":\"x\",\"transforms.a.replacement\":\"y\""));
        String sinkValidate = "/connector-plugins/FileStreamSink/config/validate";
        s(all, "validate a good sink config").put(sinkValidate, sinkConfig("t", "\"name\":\"v\""));
        s(all, "validate a sink with topics and topics.regex").put(sinkValidate, sinkConfig("t", "\"name\":\"v\",\"topics.regex\":\"t.*\""));
        s(all, "validate a sink without topics").put(sinkValidate, "{\"connector.class\":\"FileStreamSink\",\"name\":\"v\",\"file\":\"x\"}");
        s(all, "validate a sink with a dead letter queue").put(sinkValidate, sinkConfig("t", "\"name\":\"v\","
                + "\"errors.tolerance\":\"all\",\"errors.deadletterqueue.topic.name\":\"dlq\",\"errors.deadletterqueue.context.headers.enable\":\"true\""));
        s(all, "validate topic creation settings").put(validate, sourceConfig("t", "\"name\":\"v\","
                + "\"topic.creation.default.partitions\":\"3\",\"topic.creation.default.replication.factor\":\"1\""));
        s(all, "validate an unknown key converter").put(validate, sourceConfig("t", "\"name\":\"v\",\"key.converter\":\"com.example.NoConverter\""));
        s(all, "validate a transformation that is a converter").put(validate, sourceConfig("t", "\"name\":\"v\",\"transforms\":\"t\","
                + "\"transforms.t.type\":\"org.apache.kafka.connect.json.JsonConverter\""));
        s(all, "validate a predicate that is a transformation").put(validate, sourceConfig("t", "\"name\":\"v\",\"predicates\":\"p\","
                + "\"predicates.p.type\":\"org.apache.kafka.connect.transforms.RegexRouter\""));
        s(all, "validate converters that are transformations").put(validate, sourceConfig("t", "\"name\":\"v\","
                + "\"key.converter\":\"org.apache.kafka.connect.transforms.RegexRouter\","
                + "\"value.converter\":\"org.apache.kafka.connect.transforms.Filter\","
                + "\"header.converter\":\"org.apache.kafka.connect.transforms.RegexRouter\""));
        s(all, "create with a transformation that is a converter").post("/connectors", create(src + "w", sourceConfig("t",
                "\"transforms\":\"t\",\"transforms.t.type\":\"org.apache.kafka.connect.json.JsonConverter\"")));
        s(all, "create with a key converter that is a transformation").post("/connectors", create(src + "w", sourceConfig("t",
                "\"key.converter\":\"org.apache.kafka.connect.transforms.RegexRouter\"")));
        s(all, "plugin config of a version range").get("/connector-plugins/FileStreamSource/config?version=%5B1.0,2.0")
                .get("/connector-plugins/FileStreamSource/config?version=%5B0.1,1.0%5D")
                .get("/connector-plugins/FileStreamSource/config?version=1.0,2.0")
                .get("/connector-plugins/RegexRouter/config?version=(,")
                .get("/connector-plugins/JsonConverter/config?version=%5B1.0,2.0");
        s(all, "validate a bad connector version range").put(validate, sourceConfig("t", "\"name\":\"v\",\"connector.plugin.version\":\"[1.0,2.0\""));
        s(all, "validate plugin version ranges").put(validate, sourceConfig("t", "\"name\":\"v\","
                + "\"key.converter\":\"org.apache.kafka.connect.json.JsonConverter\",\"key.converter.plugin.version\":\"(,\","
                + "\"transforms\":\"r\",\"transforms.r.type\":\"RegexRouter\",\"transforms.r.regex\":\"x\","
                + "\"transforms.r.replacement\":\"y\",\"transforms.r.plugin.version\":\"[1.0,2.0\""));
        s(all, "create with a bad connector version range").post("/connectors", create(src + "w", sourceConfig("t",
                "\"connector.plugin.version\":\"[1.0,2.0\"")));
        s(all, "validate client overrides").put(validate, sourceConfig("t", "\"name\":\"v\",\"producer.override.linger.ms\":\"5\""));
        s(all, "validate with mismatched plugin").put("/connector-plugins/FileStreamSink/config/validate", sourceConfig("t", "\"name\":\"v\""));
        s(all, "validate without connector class").put(validate, "{\"name\":\"v\",\"topic\":\"t\"}");

        // ---- creating, reading, changing and deleting ----
        s(all, "empty connector list").get("/connectors");
        s(all, "create and read a source connector")
                .prepare(c -> input(c, "a", "b"))
                .post("/connectors", create(src + "1", sourceConfig("{rt}-t1", "")))
                .awaitConnector(src + "1", "RUNNING", 1)
                .get("/connectors/" + src + "1")
                .get("/connectors/" + src + "1/config")
                .get("/connectors/" + src + "1/tasks")
                .get("/connectors/" + src + "1/status")
                .get("/connectors/" + src + "1/tasks/0/status")
                .get("/connectors/" + src + "1/tasks/7/status")
                .delete("/connectors/" + src + "1")
                .awaitStatusGone(src + "1")
                .get("/connectors/" + src + "1")
                .get("/connectors/" + src + "1/status")
                .delete("/connectors/" + src + "1");
        s(all, "create a sink connector")
                .post("/connectors", create("{rt}-sink1", sinkConfig("{rt}-t2", "")))
                .awaitConnector("{rt}-sink1", "RUNNING", 1)
                .get("/connectors/{rt}-sink1/status")
                .get("/connectors/{rt}-sink1/tasks")
                .delete("/connectors/{rt}-sink1");
        s(all, "duplicate connector")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create(src + "2", sourceConfig("{rt}-t3", "")))
                .post("/connectors", create(src + "2", sourceConfig("{rt}-t3", "")))
                .delete("/connectors/" + src + "2");
        s(all, "create with an invalid config").post("/connectors", create(src + "3", "{\"connector.class\":\"FileStreamSource\",\"tasks.max\":\"0\"}"));
        s(all, "create without connector class").post("/connectors", create(src + "4", "{\"topic\":\"x\"}"));
        s(all, "create with an unknown connector class").post("/connectors", create(src + "5", "{\"connector.class\":\"com.example.Nope\"}"));
        s(all, "create with a mismatched name").post("/connectors", create(src + "6", sourceConfig("t", "\"name\":\"other\"")));
        s(all, "create without a name").post("/connectors", "{\"config\":" + sourceConfig("t", "") + "}");
        s(all, "create with a bad initial state").post("/connectors", "{\"name\":\"{rt}-x\",\"initial_state\":\"SLEEPING\",\"config\":"
                + sourceConfig("t", "") + "}");
        s(all, "update a config with PUT")
                .prepare(c -> input(c, "a"))
                .put("/connectors/" + src + "7/config", sourceConfig("{rt}-t4", ""))
                .awaitConnector(src + "7", "RUNNING", 1)
                .put("/connectors/" + src + "7/config", sourceConfig("{rt}-t5", ""))
                .put("/connectors/" + src + "7/config", sourceConfig("{rt}-t5", "\"name\":\"other\""))
                .get("/connectors/" + src + "7/config")
                .delete("/connectors/" + src + "7");
        s(all, "patch a config")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create(src + "8", sourceConfig("{rt}-t6", "\"batch.size\":\"10\"")))
                // Once its task is configured: a cluster answers a patch with the tasks it has at that moment.
                .awaitConnector(src + "8", "RUNNING", 1)
                .patch("/connectors/" + src + "8/config", "{\"batch.size\":null,\"tasks.max\":\"1\"}")
                .get("/connectors/" + src + "8/config")
                .patch("/connectors/{rt}-nobody/config", "{\"tasks.max\":\"1\"}")
                .delete("/connectors/" + src + "8");
        // Ferry shows the values of PASSWORD keys as [hidden] (rest.password.masking.enable).
        s(all, "read back a password")
                .post("/connectors", create("{rt}-password", "{\"connector.class\":"
                        + "\"io.ferry.plugins.test.secret.PasswordEchoSourceConnector\",\"topic\":\"{rt}-pw\","
                        + "\"password\":\"s3cret\"}"))
                .get("/connectors/{rt}-password/config")
                .get("/connectors/{rt}-password")
                .delete("/connectors/{rt}-password");
        s(all, "expanded connector lists")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create(src + "9", sourceConfig("{rt}-t7", "")))
                .awaitConnector(src + "9", "RUNNING", 1)
                .getAt("/connectors?expand=status", "/" + src + "9")
                .getAt("/connectors?expand=info", "/" + src + "9")
                .getAt("/connectors?expand=status&expand=info", "/" + src + "9")
                .getAt("/connectors?expand=nothing", "/" + src + "9")
                .delete("/connectors/" + src + "9");
        s(all, "unknown connector")
                .get("/connectors/{rt}-ghost")
                .get("/connectors/{rt}-ghost/config")
                .get("/connectors/{rt}-ghost/status")
                .get("/connectors/{rt}-ghost/tasks")
                .get("/connectors/{rt}-ghost/tasks/0/status")
                .put("/connectors/{rt}-ghost/pause", null)
                .put("/connectors/{rt}-ghost/resume", null)
                .delete("/connectors/{rt}-ghost")
                .get("/connectors/{rt}-ghost/offsets");

        s(all, "restart an unknown connector").post("/connectors/{rt}-ghost/restart", null);
        s(all, "stop an unknown connector").put("/connectors/{rt}-ghost/stop", null);
        s(all, "restart a task of an unknown connector").post("/connectors/{rt}-ghost/tasks/0/restart", null);

        // ---- life cycle ----
        s(all, "pause and resume")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create(src + "10", sourceConfig("{rt}-t8", "")))
                .awaitConnector(src + "10", "RUNNING", 1)
                .put("/connectors/" + src + "10/pause", null)
                .awaitConnector(src + "10", "PAUSED", 1)
                .get("/connectors/" + src + "10/status")
                .put("/connectors/" + src + "10/resume", null)
                .awaitConnector(src + "10", "RUNNING", 1)
                .get("/connectors/" + src + "10/status")
                .delete("/connectors/" + src + "10");
        s(all, "stop and resume")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create(src + "11", sourceConfig("{rt}-t9", "")))
                .awaitConnector(src + "11", "RUNNING", 1)
                .put("/connectors/" + src + "11/stop", null)
                .awaitConnector(src + "11", "STOPPED", 0)
                .get("/connectors/" + src + "11/status")
                .get("/connectors/" + src + "11")
                .put("/connectors/" + src + "11/resume", null)
                .awaitConnector(src + "11", "RUNNING", 1)
                .delete("/connectors/" + src + "11");
        s(all, "restart connector and tasks")
                .prepare(c -> input(c, "a"))
                .post("/connectors", create(src + "12", sourceConfig("{rt}-t10", "")))
                .awaitConnector(src + "12", "RUNNING", 1)
                // First, while every state is settled: its answer shows the states as they are. After another restart
                // a task may still be RESTARTING, and a status read cannot tell when that restart has finished.
                .post("/connectors/" + src + "12/restart?includeTasks=true&onlyFailed=true", null)
                .post("/connectors/" + src + "12/restart", null)
                .awaitConnector(src + "12", "RUNNING", 1)
                .post("/connectors/" + src + "12/restart?includeTasks=true", null)
                .awaitConnector(src + "12", "RUNNING", 1)
                .post("/connectors/" + src + "12/tasks/0/restart", null)
                .post("/connectors/" + src + "12/tasks/5/restart", null)
                .delete("/connectors/" + src + "12");
        s(all, "create stopped")
                .prepare(c -> input(c, "a"))
                .post("/connectors", "{\"name\":\"" + src + "13\",\"initial_state\":\"STOPPED\",\"config\":" + sourceConfig("{rt}-t11", "") + "}")
                .awaitConnector(src + "13", "STOPPED", 0)
                .get("/connectors/" + src + "13/status")
                .get("/connectors/" + src + "13/offsets")
                .delete("/connectors/" + src + "13");
        s(all, "create paused")
                .prepare(c -> input(c, "a"))
                .post("/connectors", "{\"name\":\"" + src + "14\",\"initial_state\":\"PAUSED\",\"config\":" + sourceConfig("{rt}-t12", "") + "}")
                .awaitConnector(src + "14", "PAUSED", 0)
                .getAt("/connectors/" + src + "14/status", "/connector")
                // It never ran, so its tasks come with the resume.
                .put("/connectors/" + src + "14/resume", null)
                .awaitConnector(src + "14", "RUNNING", 1)
                .get("/connectors/" + src + "14/status")
                .delete("/connectors/" + src + "14");
        s(all, "failing task")
                .post("/connectors", create("{rt}-fail1", "{\"connector.class\":\"FailingSource\",\"topic\":\"{rt}-f\","
                        + "\"fail.on\":\"start\",\"fail.message\":\"broken on purpose\"}"))
                .awaitTask("{rt}-fail1", 0, "FAILED")
                .get("/connectors/{rt}-fail1/status")
                .post("/connectors/{rt}-fail1/restart?includeTasks=true&onlyFailed=true", null)
                .awaitTask("{rt}-fail1", 0, "FAILED")
                .delete("/connectors/{rt}-fail1");
        s(all, "failing connector")
                .post("/connectors", create("{rt}-fail2", "{\"connector.class\":\"FailingSource\",\"topic\":\"{rt}-f\","
                        + "\"connector.raise.error\":\"true\",\"fail.message\":\"connector gave up\"}"))
                .awaitConnector("{rt}-fail2", "FAILED", -1)
                .getAt("/connectors/{rt}-fail2/status", "/connector")
                .delete("/connectors/{rt}-fail2");

        // ---- offsets ----
        s(all, "source offsets")
                .prepare(c -> input(c, "line-1", "line-2", "line-3"))
                .post("/connectors", create(src + "15", sourceConfig("{rt}-t13", "")))
                .awaitConnector(src + "15", "RUNNING", 1)
                .patch("/connectors/" + src + "15/offsets", "{\"offsets\":[{\"partition\":{\"filename\":\"{dir}/in.txt\"},\"offset\":{\"position\":0}}]}")
                .put("/connectors/" + src + "15/stop", null)
                .awaitConnector(src + "15", "STOPPED", 0)
                .patch("/connectors/" + src + "15/offsets", "{\"offsets\":[{\"partition\":{\"filename\":\"{dir}/in.txt\"},\"offset\":{\"position\":7}}]}")
                .get("/connectors/" + src + "15/offsets")
                .patch("/connectors/" + src + "15/offsets", "{\"offsets\":[]}")
                .patch("/connectors/" + src + "15/offsets", "{}")
                .delete("/connectors/" + src + "15/offsets")
                .get("/connectors/" + src + "15/offsets")
                .delete("/connectors/" + src + "15");
        s(all, "sink offsets")
                .prepare(c -> c.produce("{rt}-t14", "x", "y", "z"))
                .post("/connectors", create("{rt}-sink2", sinkConfig("{rt}-t14", "")))
                .awaitConnector("{rt}-sink2", "RUNNING", 1)
                // The records have reached the task (it tracks the topic when it gets them) before it is stopped.
                .awaitNonEmpty("/connectors/{rt}-sink2/topics", "/{rt}-sink2/topics")
                .put("/connectors/{rt}-sink2/stop", null)
                .awaitConnector("{rt}-sink2", "STOPPED", 0)
                .get("/connectors/{rt}-sink2/offsets")
                .patch("/connectors/{rt}-sink2/offsets", "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"{rt}-t14\",\"kafka_partition\":0},\"offset\":{\"kafka_offset\":1}}]}")
                .get("/connectors/{rt}-sink2/offsets")
                .patch("/connectors/{rt}-sink2/offsets", "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"{rt}-t14\"},\"offset\":{\"kafka_offset\":1}}]}")
                .patch("/connectors/{rt}-sink2/offsets", "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"{rt}-t14\",\"kafka_partition\":\"zero\"},\"offset\":{\"kafka_offset\":1}}]}")
                .patch("/connectors/{rt}-sink2/offsets", "{\"offsets\":[{\"partition\":{\"kafka_topic\":\"{rt}-t14\",\"kafka_partition\":0},\"offset\":{\"offset\":1}}]}")
                .delete("/connectors/{rt}-sink2/offsets")
                .get("/connectors/{rt}-sink2/offsets")
                .delete("/connectors/{rt}-sink2");

        // ---- topics ----
        s(all, "active topics")
                .prepare(c -> input(c, "a", "b"))
                .post("/connectors", create(src + "16", sourceConfig("{rt}-t15", "")))
                .awaitConnector(src + "16", "RUNNING", 1)
                .awaitNonEmpty("/connectors/" + src + "16/topics", "/" + src + "16/topics")
                .get("/connectors/" + src + "16/topics")
                .put("/connectors/" + src + "16/topics/reset", null)
                .get("/connectors/" + src + "16/topics")
                .get("/connectors/{rt}-ghost/topics")
                .delete("/connectors/" + src + "16");

        // ---- loggers ----
        s(all, "root logger").getAt("/admin/loggers", "/root/level").get("/admin/loggers/root");
        s(all, "unknown logger").get("/admin/loggers/no.such.logger");
        s(all, "set a log level").statusOnly("PUT", "/admin/loggers/org.apache.kafka.clients", "{\"level\":\"INFO\"}");
        s(all, "set a log level cluster-wide").put("/admin/loggers/org.apache.kafka.clients?scope=cluster", "{\"level\":\"WARN\"}");
        s(all, "invalid log level").put("/admin/loggers/org.apache.kafka", "{\"level\":\"LOUD\"}");
        s(all, "log level missing").put("/admin/loggers/org.apache.kafka", "{\"lvl\":\"INFO\"}");

        // ---- exactly-once sources and internal requests ----
        ExactlyOnceScenarios.addTo(all);

        // ---- leniency (deliberate differences) ----
        s(all, "malformed JSON").raw("POST", "/connectors", "{\"name\":\"{rt}-bad\",\"config\":{", "application/json");
        s(all, "trailing comma")
                .prepare(c -> input(c, "a"))
                .raw("POST", "/connectors", "{\"name\":\"{rt}-comma\",\"config\":" + sourceConfig("{rt}-t16", "") .replace("}", ",}") + ",}", "application/json")
                .delete("/connectors/{rt}-comma");
        s(all, "form content type from curl")
                .prepare(c -> input(c, "a"))
                .raw("POST", "/connectors", create("{rt}-form", sourceConfig("{rt}-t17", "")), "application/x-www-form-urlencoded")
                .delete("/connectors/{rt}-form");
        return all;
    }
}
