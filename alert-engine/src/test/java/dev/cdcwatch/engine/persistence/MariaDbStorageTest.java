package dev.cdcwatch.engine.persistence;

import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.ThreadLocalRandom;

/** The engine's database on MariaDB (the MySQL driver and schema), in a fresh database of the test-kit's server. */
@ExtendWith(SharedInfrastructure.class)
class MariaDbStorageTest extends SharedDatabaseScenario {

    private MariaDbServer mariaDb;
    private String database;

    @BeforeEach
    void createDatabase(MariaDbServer mariaDb) {
        this.mariaDb = mariaDb;
        database = "engine_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        mariaDb.execute("CREATE DATABASE " + database);
    }

    @AfterEach
    void dropDatabase() {
        mariaDb.execute("DROP DATABASE " + database);
    }

    @Override
    protected String storageYaml() {
        return """
                storage:
                  jdbc-url: "%s"
                  username: %s
                  password: %s
                """.formatted(mariaDb.jdbcUrl(database), MariaDbServer.ADMIN_USER, MariaDbServer.ADMIN_PASSWORD);
    }
}
