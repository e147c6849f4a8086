package dev.cdcwatch.engine.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cdcwatch.engine.dispatch.config.DispatchConfig;
import dev.cdcwatch.engine.dispatch.config.DispatchConfigParser;
import dev.cdcwatch.engine.notify.Hashes;
import dev.cdcwatch.engine.notify.OutboxEntry;
import dev.cdcwatch.testkit.TempDirs;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import io.prometheus.client.CollectorRegistry;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dispatch service on a real H2 file database (migrated by Flyway as the engine does) and a webhook
 * receiver on loopback, both new for each test: register it with {@code @RegisterExtension}. A test can
 * stop the service and start another on the same data, as after a crash.
 */
public final class DispatchFixture implements BeforeEachCallback, AfterEachCallback {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Path directory;
    private JdbcConnectionPool pool;
    private Jdbi jdbi;
    private HttpReceiver hook;
    private CollectorRegistry registry;
    private DispatchService service;

    @Override
    public void beforeEach(ExtensionContext context) {
        directory = TempDirs.create("cdcwatch-dispatch-test");
        pool = JdbcConnectionPool.create("jdbc:h2:file:" + directory.resolve("engine").toAbsolutePath(), "sa", "");
        Flyway.configure().dataSource(pool).table("flyway_engine_history").locations("classpath:db/migration/h2")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        jdbi = Jdbi.create(pool);
        hook = HttpReceiver.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (service != null) {
            service.close();
        }
        hook.close();
        // Closes the database now: otherwise H2 may write its file back after the directory was deleted.
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new IllegalStateException("could not shut the test database down", e);
        }
        pool.dispose();
        TempDirs.delete(directory);
    }

    /** The webhook receiver; {@link DispatchYaml#webhook} with {@code hook().url(...)} routes to it. */
    public HttpReceiver hook() {
        return hook;
    }

    /** The JSON bodies the hook received, in order. */
    public List<JsonNode> payloads() {
        return hook.requests().stream().map(DispatchFixture::json).toList();
    }

    public static JsonNode json(ReceivedRequest request) {
        try {
            return JSON.readTree(request.bodyText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public DispatchService start(DispatchYaml config) {
        return start(config, Muter.NONE);
    }

    public DispatchService start(DispatchYaml config, Muter silences) {
        DispatchConfig parsed = DispatchConfigParser.parseYaml(config.yaml());
        registry = new CollectorRegistry();
        service = DispatchService.start(parsed, jdbi, silences, registry, Clock.systemUTC());
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
}
