package dev.cdcwatch.lineage.graph;

import dev.cdcwatch.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.util.concurrent.ThreadLocalRandom;

/** The store's tests on PostgreSQL, each in a fresh database of a private server. */
class LineageStoreOnPostgresTest extends LineageStoreTest {

    private static PostgresServer postgres;
    private String database;
    private PGSimpleDataSource dataSource;

    @BeforeAll
    static void startServer() {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        postgres.close();
    }

    @BeforeEach
    void createDatabase() {
        database = "lineage_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        postgres.execute("CREATE DATABASE " + database);
        dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(database));
        dataSource.setUser(PostgresServer.ADMIN_USER);
        dataSource.setPassword(PostgresServer.ADMIN_PASSWORD);
    }

    @AfterEach
    void dropDatabase() {
        postgres.execute("DROP DATABASE " + database);
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
