package dev.cdcwatch.engine;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.alerts.AlertListener;
import dev.cdcwatch.engine.config.EngineConfig;
import dev.cdcwatch.engine.config.EngineConfigLoader;
import dev.cdcwatch.testkit.TempDirs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An engine on 127.0.0.1 and a free port with a private data directory and test-only rules, plus a
 * Vert.x web client to talk to it. Closing it stops both and deletes the directory.
 */
public final class TestEngine implements AutoCloseable {

    public static final String INGEST_TOKEN = "ingest-token-for-tests-0123456789";
    public static final String ADMIN_TOKEN = "admin-token-for-tests-0123456789";
    public static final String LIFECYCLE_RULES = "engine-rules/lifecycle-rules.yml";

    private final Path dataDir;
    private final Engine engine;
    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private final PushBatchCodec codec = new PushBatchCodec();

    private TestEngine(Path dataDir, Engine engine) {
        this.dataDir = dataDir;
        this.engine = engine;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(engine.port()));
    }

    /** An engine whose config keys can be overridden through {@code CDCWATCH_...} variables, as in production. */
    public static TestEngine start(Map<String, String> environment, AlertListener... listeners) {
        return start(environment, "", List.of(listeners));
    }

    /** An engine with more config appended to the test config, e.g. {@code lineage:} or {@code route:} sections. */
    public static TestEngine startWith(String extraYaml) {
        return startWith(Map.of(), extraYaml);
    }

    /** An engine with more config appended and keys overridden through {@code CDCWATCH_...} variables. */
    public static TestEngine startWith(Map<String, String> environment, String extraYaml) {
        return start(environment, extraYaml, List.of());
    }

    private static TestEngine start(Map<String, String> environment, String extraYaml, List<AlertListener> listeners) {
        Path dataDir = TempDirs.create("cdcwatch-engine-test");
        EngineConfig config = new EngineConfigLoader(environment::get).parse(configYaml(dataDir, 0, extraYaml));
        return new TestEngine(dataDir, Engine.start(config, listeners));
    }

    public static TestEngine start(AlertListener... listeners) {
        return start(Map.of(), listeners);
    }

    /** The engine config the tests use: loopback, fixed tokens, fast evaluation, the test rules. */
    public static String configYaml(Path dataDir, int port, String extraYaml) {
        return configYaml(dataDir, port, LIFECYCLE_RULES, extraYaml);
    }

    /** The test config with the rule file {@code rulesResource} from the test classpath. */
    public static String configYaml(Path dataDir, int port, String rulesResource, String extraYaml) {
        return """
                server:
                  host: 127.0.0.1
                  port: %d
                  shutdown-timeout: 1s
                data-dir: %s
                auth:
                  ingest-token: %s
                  admin-token: %s
                evaluation:
                  interval: 200ms
                  lookback-delta: 30s
                rules:
                  files: [%s]
                ingest:
                  min-stale-after: 1s
                alerts:
                  restore-grace: 5s
                """.formatted(port, dataDir, INGEST_TOKEN, ADMIN_TOKEN, resourcePath(rulesResource)) + extraYaml;
    }

    private static String resourcePath(String name) {
        URL resource = TestEngine.class.getClassLoader().getResource(name);
        try {
            return Path.of(resource.toURI()).toString();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public Engine engine() {
        return engine;
    }

    public WebClient client() {
        return client;
    }

    public Path dataDir() {
        return dataDir;
    }

    public static WireSample sample(String name, double value, String... labels) {
        Map<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new WireSample(name, map, value, System.currentTimeMillis());
    }

    public static PushBatch batch(String instance, WireSample... samples) {
        return new PushBatch(PushBatch.CURRENT_VERSION, new ReporterIdentity("orders-cdc", "tm-1", instance, 1_700_000_000_000L),
                List.of(samples));
    }

    public byte[] encode(PushBatch batch) {
        return codec.encode(batch);
    }

    /** Pushes a batch with the ingest token and returns the response. */
    public HttpResponse<Buffer> push(PushBatch batch) {
        return send(client.post("/api/v1/push").bearerTokenAuthentication(INGEST_TOKEN), Buffer.buffer(encode(batch)));
    }

    public HttpResponse<Buffer> get(String uri) {
        return await(client.get(uri).send());
    }

    public JsonObject getJson(String uri) {
        HttpResponse<Buffer> response = get(uri);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + response.statusCode() + ": " + response.bodyAsString());
        }
        return response.bodyAsJsonObject();
    }

    /** Alerts from {@code GET /api/v1/alerts} with the given query. */
    public List<JsonObject> alerts(String query) {
        List<JsonObject> alerts = new ArrayList<>();
        getJson("/api/v1/alerts" + query).getJsonArray("alerts").forEach(alert -> alerts.add((JsonObject) alert));
        return alerts;
    }

    public static HttpResponse<Buffer> send(HttpRequest<Buffer> request, Buffer body) {
        return await(request.sendBuffer(body));
    }

    public static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e, e);
        }
    }

    @Override
    public void close() {
        client.close();
        await(vertx.close());
        engine.close();
        TempDirs.delete(dataDir);
    }
}
