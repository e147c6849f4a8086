package dev.cdcwatch.engine;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A separate engine process is killed with SIGKILL while one alert is pending and one firing; a new
 * process on the same H2 file shows the same alerts, the pending one's {@code for} timer keeps
 * counting from before the crash, and the firing one is not fired again.
 */
class EngineRestartTest {

    @RegisterExtension
    final EngineProcesses engines = new EngineProcesses();

    private final AtomicReference<Double> connected = new AtomicReference<>(0.0);

    @BeforeEach
    void configure() {
        engines.configure("engine-rules/restart-rules.yml", "");
    }

    @Test
    void killedEngineComesBackWithTheSameAlertsAndRunningForTimers() throws Exception {
        EngineProcesses.Engine first = engines.start("first");
        engines.reportEvery(Duration.ofMillis(300), this::batch);
        await().atMost(Duration.ofSeconds(10)).until(() -> states().equals(Map.of("RestartLagHigh", "pending", "RestartDisconnected", "firing")));
        Map<String, JsonObject> before = alertsByName();
        // Killed 5 s into the 15 s for: a for timer restarted by the second process could not fire before kill + 15 s,
        // 5 s after the restored one should; and the second process has 10 s to start before the alert is due.
        Instant activeAtBefore = Instant.parse(before.get("RestartLagHigh").getString("activeAt"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(activeAtBefore.plusSeconds(5)));

        first.kill();
        Instant killedAt = Instant.now();

        EngineProcesses.Engine second = engines.start("second");
        Map<String, JsonObject> after = alertsByName();
        assertThat(after.get("RestartLagHigh").getString("state")).isEqualTo("pending");
        for (String name : List.of("RestartLagHigh", "RestartDisconnected")) {
            assertThat(after.get(name).getString("fingerprint")).isEqualTo(before.get(name).getString("fingerprint"));
            assertThat(after.get(name).getString("activeAt")).isEqualTo(before.get(name).getString("activeAt"));
        }
        assertThat(after.get("RestartDisconnected").getString("firedAt")).isEqualTo(before.get("RestartDisconnected").getString("firedAt"));

        // The for timer (15 s) counts from the activeAt of the first process, not from the restart.
        await().atMost(Duration.ofSeconds(20)).until(() -> "firing".equals(states().get("RestartLagHigh")));
        JsonObject fired = alertsByName().get("RestartLagHigh");
        Instant activeAt = Instant.parse(fired.getString("activeAt"));
        Instant firedAt = Instant.parse(fired.getString("firedAt"));
        assertThat(Duration.between(activeAt, firedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(15));
        assertThat(firedAt).isAfter(killedAt).isBefore(killedAt.plusSeconds(15));

        String disconnected = before.get("RestartDisconnected").getString("fingerprint");
        assertThat(historyStates(disconnected)).containsExactly("firing");

        connected.set(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> !states().containsKey("RestartDisconnected"));
        assertThat(historyStates(disconnected)).containsExactly("resolved", "firing");

        assertThat(second.stop()).as("the engine stops on SIGTERM").isTrue();
        assertThat(Files.readString(engines.log("second"))).contains("alert engine stopped");
    }

    private PushBatch batch() {
        long now = System.currentTimeMillis();
        return new PushBatch(1, new ReporterIdentity("restart-job", "tm", "tm:9250", 1L), List.of(
                new WireSample("restart_test_lag_milliseconds", Map.of("job", "restart-job"), 500, now),
                new WireSample("restart_test_connected", Map.of("job", "restart-job"), connected.get(), now)));
    }

    private Map<String, JsonObject> alertsByName() {
        Map<String, JsonObject> byName = new java.util.TreeMap<>();
        engines.getJson("/api/v1/alerts").getJsonArray("alerts").forEach(alert -> {
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
        JsonObject history = engines.getJson("/api/v1/alerts/history?fingerprint=" + fingerprint);
        return history.getJsonArray("transitions").stream().map(entry -> ((JsonObject) entry).getString("to")).toList();
    }
}
