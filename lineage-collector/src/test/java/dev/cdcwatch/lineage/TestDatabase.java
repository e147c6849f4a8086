package dev.cdcwatch.lineage;

import org.h2.jdbcx.JdbcConnectionPool;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A private in-memory H2 database for one test, dropped when closed. */
public final class TestDatabase implements AutoCloseable {

    private final JdbcConnectionPool pool;

    public TestDatabase() {
        pool = JdbcConnectionPool.create("jdbc:h2:mem:lineage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    public DataSource dataSource() {
        return pool;
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } finally {
            pool.dispose();
        }
    }
}
