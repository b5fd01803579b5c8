package io.ferry.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * The machine's MariaDB and PostgreSQL, as {@code .ci/services.sh} prepares them. A test that cannot reach one is
 * skipped, not failed: the services belong to the machine, not to the build.
 */
public final class Databases {

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    private static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/";

    private Databases() {
    }

    /** MariaDB at 127.0.0.1:3306 as root, without a default database. */
    public static Connection mariaDb() {
        return connect(MARIADB_URL, "root", "MariaDB at 127.0.0.1:3306");
    }

    /** PostgreSQL at 127.0.0.1:5432, database and user {@code postgres}. */
    public static Connection postgres() {
        return connect(POSTGRES_URL, "postgres", "PostgreSQL at 127.0.0.1:5432");
    }

    private static Connection connect(String url, String user, String what) {
        try {
            return DriverManager.getConnection(url, user, "");
        } catch (SQLException e) {
            return Assumptions.abort(what + " (started by .ci/services.sh) cannot be reached: " + e.getMessage());
        }
    }

    public static void execute(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /** The {@code id} and {@code name} columns of a table, by id; empty while the table does not exist. */
    public static Map<Integer, String> rows(Connection db, String table) {
        Map<Integer, String> result = new TreeMap<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM " + table)) {
            while (rs.next()) {
                result.put(rs.getInt(1), rs.getString(2));
            }
        } catch (SQLException e) {
            // A sink creates its table with the first records; until then there is nothing.
        }
        return result;
    }
}
