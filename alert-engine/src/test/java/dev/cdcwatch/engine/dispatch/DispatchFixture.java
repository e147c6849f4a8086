package dev.cdcwatch.engine.dispatch;

import dev.cdcwatch.engine.dispatch.config.DispatchConfig;
import dev.cdcwatch.engine.dispatch.config.DispatchConfigParser;
import dev.cdcwatch.engine.notify.Hashes;
import dev.cdcwatch.engine.notify.OutboxEntry;
import io.prometheus.client.CollectorRegistry;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dispatch service on a real H2 file database (migrated by Flyway as the engine does), so a test
 * can stop it and start another on the same data, as after a crash.
 */
public final class DispatchFixture implements AutoCloseable {

    private final JdbcConnectionPool pool;
    private final Jdbi jdbi;
    private CollectorRegistry registry;
    private DispatchService service;

    public DispatchFixture(Path directory) {
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("engine").toAbsolutePath(), "sa", "");
        Flyway.configure().dataSource(pool).table("flyway_engine_history").locations("classpath:db/migration")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        jdbi = Jdbi.create(pool);
    }

    public DispatchService start(String yaml) {
        return start(yaml, Muter.NONE);
    }

    public DispatchService start(String yaml, Muter silences) {
        DispatchConfig config = DispatchConfigParser.parseYaml(yaml);
        registry = new CollectorRegistry();
        service = DispatchService.start(config, jdbi, silences, registry, Clock.systemUTC());
        return service;
    }

    public void stop() {
        service.close();
    }

    public double metric(String name, String integration) {
        Double value = registry.getSampleValue(name, new String[]{"receiver", "integration"},
                new String[]{integration.substring(0, integration.indexOf('/')), integration});
        return value == null ? 0 : value;
    }

    public List<OutboxEntry> notifications() {
        return service.notifications().recent(null, null, 1000);
    }

    /** A firing alert whose fingerprint is the hash of its labels, as the engine computes it. */
    public static DispatchAlert firing(Map<String, String> labels, Map<String, String> annotations) {
        return DispatchAlert.firing(Hashes.sha256(new TreeMap<>(labels).toString()).substring(0, 16), labels, annotations,
                Instant.now(), "http://engine/graph?g0.expr=x");
    }

    @Override
    public void close() {
        if (service != null) {
            service.close();
        }
        pool.dispose();
    }
}
