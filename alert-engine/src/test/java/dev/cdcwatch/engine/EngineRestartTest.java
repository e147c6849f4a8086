package dev.cdcwatch.engine;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A separate engine process is killed with SIGKILL while one alert is pending and one firing; a new
 * process on the same H2 file shows the same alerts, the pending one's {@code for} timer keeps
 * counting from before the crash, and the firing one is not fired again.
 */
class EngineRestartTest {

    private Path dir;
    private int port;
    private Path config;
    private final Vertx vertx = Vertx.vertx();
    private WebClient client;
    private final List<Process> processes = new ArrayList<>();
    private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<Double> connected = new AtomicReference<>(0.0);

    @BeforeEach
    void setUp() throws IOException {
        dir = TempDirs.create("cdcwatch-engine-restart");
        port = FreePorts.find();
        String rules = Path.of(TestEngine.class.getClassLoader().getResource("engine-rules/restart-rules.yml").getPath()).toString();
        config = dir.resolve("engine.yaml");
        Files.writeString(config, TestEngine.configYaml(dir.resolve("data"), port, "").replace(TestEngine.rulesPath(), rules));
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pusher.shutdownNow();
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        client.close();
        TestEngine.await(vertx.close());
        TempDirs.delete(dir);
    }

    @Test
    void killedEngineComesBackWithTheSameAlertsAndRunningForTimers() throws Exception {
        Process first = startEngine("first");
        pusher.scheduleAtFixedRate(this::pushQuietly, 0, 300, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> states().equals(Map.of("RestartLagHigh", "pending", "RestartDisconnected", "firing")));
        Map<String, JsonObject> before = alertsByName();

        first.destroyForcibly();
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Instant killedAt = Instant.now();

        Process second = startEngine("second");
        Map<String, JsonObject> after = alertsByName();
        assertThat(after.get("RestartLagHigh").getString("state")).isEqualTo("pending");
        for (String name : List.of("RestartLagHigh", "RestartDisconnected")) {
            assertThat(after.get(name).getString("fingerprint")).isEqualTo(before.get(name).getString("fingerprint"));
            assertThat(after.get(name).getString("activeAt")).isEqualTo(before.get(name).getString("activeAt"));
        }
        assertThat(after.get("RestartDisconnected").getString("firedAt")).isEqualTo(before.get("RestartDisconnected").getString("firedAt"));

        // The for timer (8s) counts from the activeAt of the first process, not from the restart.
        await().atMost(Duration.ofSeconds(12)).until(() -> "firing".equals(states().get("RestartLagHigh")));
        JsonObject fired = alertsByName().get("RestartLagHigh");
        Instant activeAt = Instant.parse(fired.getString("activeAt"));
        Instant firedAt = Instant.parse(fired.getString("firedAt"));
        assertThat(Duration.between(activeAt, firedAt)).isBetween(Duration.ofSeconds(8), Duration.ofMillis(9500));
        assertThat(firedAt).isAfter(killedAt);

        String disconnected = before.get("RestartDisconnected").getString("fingerprint");
        assertThat(historyStates(disconnected)).containsExactly("firing");

        connected.set(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !states().containsKey("RestartDisconnected"));
        assertThat(historyStates(disconnected)).containsExactly("resolved", "firing");

        second.destroy();
        assertThat(second.waitFor(15, TimeUnit.SECONDS)).as("the engine stops on SIGTERM").isTrue();
        assertThat(Files.readString(dir.resolve("second.log"))).contains("alert engine stopped");
    }

    private Process startEngine(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.cdcwatch.engine.Main", "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> process.isAlive() && TestEngine.await(client.get("/healthz").send()).statusCode() == 200);
        return process;
    }

    private void pushQuietly() {
        long now = System.currentTimeMillis();
        PushBatch batch = new PushBatch(1, new ReporterIdentity("restart-job", "tm", "tm:9250", 1L), List.of(
                new WireSample("restart_test_lag_milliseconds", Map.of("job", "restart-job"), 500, now),
                new WireSample("restart_test_connected", Map.of("job", "restart-job"), connected.get(), now)));
        try {
            TestEngine.await(client.post("/api/v1/push").bearerTokenAuthentication(TestEngine.INGEST_TOKEN)
                    .sendBuffer(Buffer.buffer(new PushBatchCodec().encode(batch))));
        } catch (RuntimeException e) {
            // The engine is down between the kill and the restart; the reporter simply retries next interval.
        }
    }

    private Map<String, JsonObject> alertsByName() {
        HttpResponse<Buffer> response = TestEngine.await(client.get("/api/v1/alerts").send());
        Map<String, JsonObject> byName = new java.util.TreeMap<>();
        response.bodyAsJsonObject().getJsonArray("alerts").forEach(alert -> {
            JsonObject json = (JsonObject) alert;
            byName.put(json.getJsonObject("labels").getString("alertname"), json);
        });
        return byName;
    }

    private Map<String, String> states() {
        Map<String, String> states = new java.util.TreeMap<>();
        alertsByName().forEach((name, alert) -> states.put(name, alert.getString("state")));
        return states;
    }

    private List<String> historyStates(String fingerprint) {
        JsonObject history = TestEngine.await(client.get("/api/v1/alerts/history?fingerprint=" + fingerprint).send()).bodyAsJsonObject();
        return history.getJsonArray("transitions").stream().map(entry -> ((JsonObject) entry).getString("to")).toList();
    }
}
