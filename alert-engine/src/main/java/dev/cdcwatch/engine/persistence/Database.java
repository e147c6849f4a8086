package dev.cdcwatch.engine.persistence;

import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.lineage.graph.SchemaVendor;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.logging.Logger;

/**
 * The engine's database: migrated by Flyway (history table {@code flyway_engine_history}, so other
 * modules can keep their own migrations in the same database) and used through jdbi. H2, MySQL,
 * MariaDB and PostgreSQL are supported; each has its own migration folder ({@code db/migration/h2},
 * {@code mysql}, {@code postgresql}) since their types for long text and generated keys differ, and
 * a migration every one of them runs unchanged goes into {@code db/migration/common}.
 */
public final class Database implements AutoCloseable {

    public static final String FLYWAY_TABLE = "flyway_engine_history";
    static final String COMMON_MIGRATIONS = "db/migration/common";

    private final Jdbi jdbi;
    private final DataSource dataSource;
    private final AutoCloseable pool;

    private Database(Jdbi jdbi, DataSource dataSource, AutoCloseable pool) {
        this.jdbi = jdbi;
        this.dataSource = dataSource;
        this.pool = pool;
    }

    public static Database open(EngineConfig.Storage storage) {
        DataSource dataSource;
        AutoCloseable pool = () -> { };
        if (storage.jdbcUrl().startsWith("jdbc:h2:")) {
            JdbcConnectionPool h2Pool = JdbcConnectionPool.create(storage.jdbcUrl(), storage.username(), storage.password());
            dataSource = h2Pool;
            pool = h2Pool::dispose;
        } else {
            dataSource = new DriverManagerDataSource(storage);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .table(FLYWAY_TABLE)
                    .locations(migrationLocations(dataSource))
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            closeQuietly(pool, e);
            throw e;
        }
        return new Database(Jdbi.create(dataSource), dataSource, pool);
    }

    private static void closeQuietly(AutoCloseable pool, RuntimeException cause) {
        try {
            pool.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    /** The vendor's folder, and the common one once it holds a migration (Flyway warns of a missing location). */
    private static String[] migrationLocations(DataSource dataSource) {
        String vendor = "classpath:db/migration/" + SchemaVendor.folder(dataSource, "the engine's database");
        return Database.class.getClassLoader().getResource(COMMON_MIGRATIONS) == null
                ? new String[] {vendor}
                : new String[] {vendor, "classpath:" + COMMON_MIGRATIONS};
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** For modules that share the engine's database with their own schema history (lineage). */
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws Exception {
        pool.close();
    }

    /** A connection per use, for databases other than H2; good enough for the engine's low write rate. */
    private record DriverManagerDataSource(EngineConfig.Storage storage) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(storage.jdbcUrl(), storage.username(), storage.password());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(storage.jdbcUrl(), username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
