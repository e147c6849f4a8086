package dev.cdcwatch.lineage.graph;

import com.mysql.cj.jdbc.MysqlDataSource;
import dev.cdcwatch.testkit.junit.SharedInfrastructure;
import dev.cdcwatch.testkit.mariadb.MariaDbServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;
import java.util.concurrent.ThreadLocalRandom;

/** The store's tests on MariaDB (MySQL's driver and schema), each in a fresh database of the test-kit's server. */
@ExtendWith(SharedInfrastructure.class)
class LineageStoreOnMariaDbTest extends LineageStoreTest {

    private MariaDbServer mariaDb;
    private String database;
    private MysqlDataSource dataSource;

    @BeforeEach
    void createDatabase(MariaDbServer mariaDb) {
        this.mariaDb = mariaDb;
        database = "lineage_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
        mariaDb.execute("CREATE DATABASE " + database);
        dataSource = new MysqlDataSource();
        dataSource.setUrl(mariaDb.jdbcUrl(database));
        dataSource.setUser(MariaDbServer.ADMIN_USER);
        dataSource.setPassword(MariaDbServer.ADMIN_PASSWORD);
    }

    @AfterEach
    void dropDatabase() {
        mariaDb.execute("DROP DATABASE " + database);
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
