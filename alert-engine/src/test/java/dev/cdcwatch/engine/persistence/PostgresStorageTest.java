package dev.cdcwatch.engine.persistence;

import dev.cdcwatch.testkit.postgres.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.concurrent.ThreadLocalRandom;

/** The engine's database on PostgreSQL, in a fresh database of a private server. */
class PostgresStorageTest extends SharedDatabaseScenario {

    private static PostgresServer postgres;
    private String database;

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
        database = "engine_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        postgres.execute("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() {
        postgres.execute("DROP DATABASE " + database);
    }

    @Override
    protected String storageYaml() {
        return """
                storage:
                  jdbc-url: "%s"
                  username: %s
                  password: %s
                """.formatted(postgres.jdbcUrl(database), PostgresServer.ADMIN_USER, PostgresServer.ADMIN_PASSWORD);
    }
}
