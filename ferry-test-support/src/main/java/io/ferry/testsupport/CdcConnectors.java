package io.ferry.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

/** The Debezium connector settings the change data capture tests run with, against the machine's databases. */
public final class CdcConnectors {

    private CdcConnectors() {
    }

    /**
     * Debezium's MariaDB source reading the database {@code database}; its topics are prefixed with the database's
     * name and its schema history goes to {@code <database>.schema-history}.
     */
    public static Map<String, String> mariaDbSource(String database, String bootstrapServers, int serverId) {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", "io.debezium.connector.mariadb.MariaDbConnector");
        source.put("database.hostname", "127.0.0.1");
        source.put("database.port", "3306");
        source.put("database.user", "root");
        source.put("database.password", "");
        source.put("database.server.id", String.valueOf(serverId));
        source.put("database.include.list", database);
        source.put("topic.prefix", database);
        source.put("schema.history.internal.kafka.bootstrap.servers", bootstrapServers);
        source.put("schema.history.internal.kafka.topic", database + ".schema-history");
        return source;
    }

    /** Debezium's JDBC sink writing change events of {@code topic} into a PostgreSQL table: upserts and deletes by key. */
    public static Map<String, String> jdbcSinkToPostgres(String topic, String table) {
        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        sink.put("topics", topic);
        sink.put("connection.url", Databases.POSTGRES_URL);
        sink.put("connection.username", "postgres");
        sink.put("connection.password", "");
        sink.put("insert.mode", "upsert");
        sink.put("primary.key.mode", "record_key");
        sink.put("delete.enabled", "true");
        sink.put("schema.evolution", "basic");
        sink.put("collection.name.format", table);
        return sink;
    }
}
