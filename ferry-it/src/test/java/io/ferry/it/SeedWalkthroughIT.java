package io.ferry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.it.support.FerryCommand;
import io.ferry.it.support.SharedKafka;
import io.ferry.testsupport.Databases;
import io.ferry.testsupport.Ports;
import io.ferry.testsupport.Rest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walkthrough of ../shared/seed-walkthrough.md, as typed: the three-line worker config (plus a loopback
 * {@code listeners} line), Debezium's MySQL connector 1.9.2 installed with {@code ferry plugin install}, the worker
 * started with {@code bin/connect-distributed.sh}, the connector JSON with its trailing comma posted by the curl
 * with typographic quotes, the status answer field for field, then the table's rows and live changes as events.
 * Only the addresses differ: the broker and the REST port are the test's, and the database host is this machine's
 * MariaDB (with its binary log on).
 */
class SeedWalkthroughIT {

    private static final String CONNECTOR_JSON = """
            {
            "name": "debezium-connector",
            "config": {
            "connector.class": "io.debezium.connector.mysql.MySqlConnector",
            "database.hostname": "127.0.0.1",
            "database.port": "3306",
            "database.user": "testuser",
            "database.password": "testpassword",
            "database.server.id": "1999",
            "database.server.name": "testdb",
            "database.include.list": "debeziumtest",
            "database.history.kafka.bootstrap.servers": "BOOTSTRAP",
            "database.history.kafka.topic": "schema-changes.testdb",
            }
            }
            """;

    private Connection db;
    private Process worker;

    @BeforeEach
    void database() throws SQLException {
        db = Databases.mariaDb();
        sql("DROP DATABASE IF EXISTS debeziumtest");
        sql("CREATE DATABASE debeziumtest");
        sql("CREATE TABLE debeziumtest.customers (id int PRIMARY KEY, name varchar(100) NOT NULL)");
        sql("INSERT INTO debeziumtest.customers VALUES (1, 'Ada'), (2, 'Grace')");
        sql("CREATE USER IF NOT EXISTS 'testuser'@'%' IDENTIFIED BY 'testpassword'");
        sql("GRANT SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, REPLICATION CLIENT, LOCK TABLES ON *.* TO 'testuser'@'%'");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (worker != null) {
            worker.destroy();
            if (!worker.waitFor(60, TimeUnit.SECONDS)) {
                worker.destroyForcibly();
            }
        }
        if (db != null) {
            sql("DROP DATABASE IF EXISTS debeziumtest");
            db.close();
        }
    }

    private void sql(String statement) throws SQLException {
        Databases.execute(db, statement);
    }

    @Test
    void theDayOneSessionWorksAsTyped(@TempDir Path home) throws Exception {
        String bootstrap = SharedKafka.get().bootstrapServers();
        int port = Ports.freePort();
        Path plugins = Files.createDirectories(home.resolve("opt/connect/plugins"));

        // 1. A three-line worker config (and a loopback listener).
        Path conf = Files.createDirectories(home.resolve("conf")).resolve("connect-distributed.properties");
        Files.writeString(conf, "bootstrap.servers=" + bootstrap + "\ngroup.id=connect-cluster-" + port + "\nplugin.path="
                + plugins + "\nlisteners=http://127.0.0.1:" + port + "\n");

        // 2. Installing the plugin: one command.
        FerryCommand.Result install = FerryCommand.run("plugin", "install", "io.debezium:debezium-connector-mysql:1.9.2.Final",
                "--worker-config", conf.toString());
        assertThat(install.exit()).as(install.err()).isZero();
        assertThat(plugins.resolve("debezium-connector-mysql")).isDirectory();

        // 3. Starting the worker.
        Path ferryHome = Path.of(System.getProperty("ferry.home")).toAbsolutePath().normalize();
        Path log = home.resolve("worker.log");
        worker = new ProcessBuilder(ferryHome.resolve("bin/connect-distributed.sh").toString(), conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Rest rest = new Rest("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> rest.get("/connectors").status() == 200);

        // 4. Creating the connector, with the JSON's trailing comma and the curl's typographic quotes.
        Files.writeString(home.resolve("debezium-connector.config"), CONNECTOR_JSON.replace("BOOTSTRAP", bootstrap));
        Process curl = new ProcessBuilder("bash", "-c", "curl -s -d @debezium-connector.config -H “Content-Type: application/json” "
                + "-X POST http://127.0.0.1:" + port + "/connectors -w '\\n%{http_code}'")
                .directory(home.toFile()).redirectErrorStream(true).start();
        String answer = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        curl.waitFor(60, TimeUnit.SECONDS);
        assertThat(answer).as("curl's output").contains("\n201");
        JsonNode created = new ObjectMapper().readTree(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
        assertThat(created.path("name").asText()).isEqualTo("debezium-connector");
        assertThat(created.path("config").path("database.server.name").asText()).isEqualTo("testdb");
        assertThat(created.has("tasks")).isTrue();

        // 5. Checking it runs: exactly the walkthrough's shape, field for field, with the plugin's version that
        // Apache Kafka Connect 4.x adds to every connector and task status (KIP-891).
        String expected = "{\"name\":\"debezium-connector\",\"connector\":{\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:" + port
                + "\",\"version\":\"1.9.2.Final\"},\"tasks\":[{\"id\":0,\"state\":\"RUNNING\",\"worker_id\":\"127.0.0.1:" + port
                + "\",\"version\":\"1.9.2.Final\"}],\"type\":\"source\"}";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(rest.get("/connectors/debezium-connector/status").json())
                        .isEqualTo(new ObjectMapper().readTree(expected)));

        // The table's rows, then live changes, as change events.
        String topic = "testdb.debeziumtest.customers";
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> events(topic).size() >= 2);
        sql("INSERT INTO debeziumtest.customers VALUES (3, 'Edsger')");
        sql("UPDATE debeziumtest.customers SET name = 'Grace Hopper' WHERE id = 2");
        sql("DELETE FROM debeziumtest.customers WHERE id = 1");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> events(topic).size() >= 5);
        assertThat(events(topic)).containsExactly("r 1 Ada", "r 2 Grace", "c 3 Edsger", "u 2 Grace Hopper", "d 1 Ada");

        // The bundle's converters that cannot load on Kafka 4 are reported once and skipped, never fatal.
        String output = Files.readString(log);
        assertThat(output.split("CloudEventsConverter", -1).length - 1).as("reports of CloudEventsConverter").isBetween(1, 2);
        assertThat(worker.isAlive()).isTrue();
    }

    /** The change events in the topic as "op id name", from JSON values with their schema. */
    private static List<String> events(String topic) throws IOException {
        List<String> result = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (ConsumerRecord<byte[], byte[]> r : SharedKafka.get().readAll(topic)) {
            if (r.value() == null) {
                continue;
            }
            JsonNode payload = json.readTree(r.value()).path("payload");
            String op = payload.path("op").asText();
            JsonNode row = op.equals("d") ? payload.path("before") : payload.path("after");
            result.add(op + " " + row.path("id").asInt() + " " + row.path("name").asText());
        }
        return result;
    }
}
