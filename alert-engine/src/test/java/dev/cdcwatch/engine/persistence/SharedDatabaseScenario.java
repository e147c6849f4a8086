package dev.cdcwatch.engine.persistence;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.engine.TestEngine;
import dev.cdcwatch.engine.silence.SilenceMatcher;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the engine keeps in its database, on a database server other than H2: an engine fires an alert,
 * stores a silence and writes the alert's notification to its outbox while the receiver is down; a new
 * engine on the same database continues the alert (same fingerprint, times, one firing transition), has
 * the silence, and delivers the stored notification once, then the resolved one.
 */
abstract class SharedDatabaseScenario {

    private static final String ALERT = "BinlogDisconnected";
    /** One push keeps the series fresh for the whole test, restart included. */
    private static final Map<String, String> ENVIRONMENT = Map.of("CDCWATCH_INGEST_MIN_STALE_AFTER", "1m");
    private static final String COMMENT = "failover of the primary – ünïcödé kept 🚧";

    /** The engine's {@code storage:} section for a fresh, empty database. */
    protected abstract String storageYaml();

    @Test
    void alertSilenceAndPendingNotificationContinueInANewEngineOnTheSameDatabase() {
        int receiverPort = FreePorts.find();
        String config = storageYaml() + dispatchYaml(receiverPort);
        JsonObject before;
        String silenceId;
        long notificationId;
        try (TestEngine first = TestEngine.startWith(ENVIRONMENT, config)) {
            assertThat(first.push(connected(0)).statusCode()).isEqualTo(200);
            await("the alert fires").atMost(Duration.ofSeconds(10)).until(() -> "firing".equals(state(first)));
            before = alert(first);
            silenceId = first.engine().silences().save(null, List.of(new SilenceMatcher("job", "another-job", false, true)), null,
                    Instant.now().plus(Duration.ofHours(1)), "ops", COMMENT).id();
            await("the notification retried against the closed port").atMost(Duration.ofSeconds(10))
                    .until(() -> entries(first, "pending").stream().anyMatch(entry -> entry.getInteger("attempts") > 0));
            notificationId = entries(first, "pending").get(0).getLong("id");
        }

        try (TestEngine second = TestEngine.startWith(ENVIRONMENT, config)) {
            JsonObject after = alert(second);
            for (String key : List.of("fingerprint", "state", "activeAt", "firedAt")) {
                assertThat(after.getString(key)).as(key).isEqualTo(before.getString(key));
            }
            assertThat(second.engine().silences().get(silenceId)).hasValueSatisfying(silence -> {
                assertThat(silence.comment()).isEqualTo(COMMENT);
                assertThat(silence.matchers()).containsExactly(new SilenceMatcher("job", "another-job", false, true));
            });
            assertThat(entries(second, "pending")).extracting(entry -> entry.getLong("id")).containsExactly(notificationId);
            assertThat(second.push(connected(0)).statusCode()).isEqualTo(200);

            try (HttpReceiver receiver = HttpReceiver.start(receiverPort)) {
                await("the stored notification sent").atMost(Duration.ofSeconds(10))
                        .until(() -> entries(second, "sent").stream().anyMatch(entry -> entry.getLong("id") == notificationId));
                assertThat(receiver.requests()).as("sent once, not written again after the restart").hasSize(1);

                assertThat(second.push(connected(1)).statusCode()).isEqualTo(200);
                await("the resolved notification").atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);
                assertThat(receiver.requests()).extracting(SharedDatabaseScenario::status).containsExactly("firing", "resolved");
            }
            assertThat(history(second, before.getString("fingerprint"))).containsExactly("resolved", "firing");
        }
    }

    private static String dispatchYaml(int receiverPort) {
        return """
                notify:
                  allowed_hosts: [127.0.0.1]
                  poll_interval: 50ms
                  initial_backoff: 200ms
                  max_backoff: 500ms
                route:
                  receiver: hook
                  group_by: [alertname]
                  group_wait: 100ms
                  group_interval: 200ms
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                """.formatted(receiverPort);
    }

    private static PushBatch connected(double value) {
        return TestEngine.batch("tm:9250", TestEngine.sample("cdc_debezium_connected", value, "job", "orders-cdc"));
    }

    private static JsonObject alert(TestEngine engine) {
        return engine.alerts("").stream()
                .filter(alert -> ALERT.equals(alert.getJsonObject("labels").getString("alertname")))
                .findFirst().orElseThrow(() -> new AssertionError(ALERT + " is not among the alerts"));
    }

    private static String state(TestEngine engine) {
        return engine.alerts("").stream()
                .filter(alert -> ALERT.equals(alert.getJsonObject("labels").getString("alertname")))
                .map(alert -> alert.getString("state")).findFirst().orElse("none");
    }

    private static List<JsonObject> entries(TestEngine engine, String status) {
        JsonArray entries = engine.getJson("/api/v1/notifications?status=" + status + "&limit=10").getJsonArray("notifications");
        return entries.stream().map(JsonObject.class::cast).toList();
    }

    private static List<String> history(TestEngine engine, String fingerprint) {
        return engine.getJson("/api/v1/alerts/history?fingerprint=" + fingerprint).getJsonArray("transitions").stream()
                .map(entry -> ((JsonObject) entry).getString("to")).toList();
    }

    private static String status(ReceivedRequest request) {
        return new JsonObject(request.bodyText()).getString("status");
    }
}
