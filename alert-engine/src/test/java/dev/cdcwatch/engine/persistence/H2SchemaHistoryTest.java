package dev.cdcwatch.engine.persistence;

import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.testkit.TempDirs;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * H2 databases written before the migrations moved into vendor folders recorded V1 and V100 from
 * {@code db/migration} itself: the engine opens them as they are, with no migration run again and no
 * checksum mismatch, because the H2 folder holds those same files byte for byte.
 */
class H2SchemaHistoryTest {

    private static final List<String> H2_MIGRATIONS = List.of("V1__engine_alerts_and_silences.sql", "V100__notify_outbox_and_log.sql");

    @Test
    void databaseMigratedFromTheFlatMigrationFolderOpensUnchanged() throws Exception {
        Path dir = TempDirs.create("cdcwatch-h2-history");
        try {
            Path flat = Files.createDirectories(dir.resolve("db/migration"));
            for (String name : H2_MIGRATIONS) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("db/migration/h2/" + name)) {
                    Files.copy(in, flat.resolve(name));
                }
            }
            String url = "jdbc:h2:file:" + dir.resolve("engine");
            // The configuration Database.open had with the flat folder.
            Flyway.configure().dataSource(url, "sa", "").table(Database.FLYWAY_TABLE).locations("filesystem:" + flat)
                    .baselineOnMigrate(true).baselineVersion("0").load().migrate();
            List<String> recorded = history(url);

            try (Database database = Database.open(new EngineConfig.Storage(url, "sa", ""))) {
                assertThat(recorded).extracting(row -> row.split(" ")[0] + " " + row.split(" ")[2]).containsExactly("1 true", "100 true");
                assertThat(history(url)).as("version, checksum, success").isEqualTo(recorded);
                int logRows = database.jdbi().withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM notify_log")
                        .mapTo(Integer.class).one());
                assertThat(logRows).isZero();
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static List<String> history(String url) {
        return Jdbi.create(url, "sa", "").withHandle(handle -> handle.createQuery("SELECT \"version\", \"checksum\", \"success\" FROM \""
                        + Database.FLYWAY_TABLE + "\" WHERE \"version\" IS NOT NULL ORDER BY \"installed_rank\"")
                .map((rs, ctx) -> rs.getString("version") + " " + rs.getInt("checksum") + " " + rs.getBoolean("success"))
                .list());
    }
}
