package dev.cdcwatch.lineage.graph;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The migration folder for a database, named by its vendor: {@code h2}, {@code mysql} or {@code postgresql}. The
 * lineage tables and the engine's own tables live in one database and keep per-vendor migrations alike.
 */
public final class SchemaVendor {

    private SchemaVendor() {
    }

    /** @param whose the database's role for messages, e.g. "the engine's database" */
    public static String folder(DataSource dataSource, String whose) {
        String product;
        try (Connection connection = dataSource.getConnection()) {
            product = connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + whose + ": " + e.getMessage(), e);
        }
        return switch (product) {
            case "H2" -> "h2";
            // MySQL's driver names a MariaDB server MySQL, MariaDB's driver names it MariaDB; one schema serves both.
            case "MySQL", "MariaDB" -> "mysql";
            case "PostgreSQL" -> "postgresql";
            default -> throw new IllegalStateException(whose + " is " + product
                    + ", which it has no schema for: use H2, MySQL, MariaDB or PostgreSQL");
        };
    }
}
