package dev.cdcwatch.engine.alerts;

import dev.cdcwatch.engine.TestEngine;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.cdcwatch.engine.TestEngine.batch;
import static dev.cdcwatch.engine.TestEngine.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Push -> rule -> alert over real HTTP: pending, firing, resolved, keep_firing_for, silences. Each test uses its own job label. */
class AlertLifecycleTest {

    private static final List<AlertTransition> heard = new CopyOnWriteArrayList<>();
    private static TestEngine engine;

    @BeforeAll
    static void start() {
        // Each job pushes once or twice: its series must not go stale while a test watches its alert (StalenessTest's part).
        engine = TestEngine.start(Map.of("CDCWATCH_INGEST_MIN_STALE_AFTER", "1m"), heard::addAll);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    private static void push(String job, String metric, double value) {
        HttpResponse<Buffer> response = engine.push(batch("tm-" + job + ":9250", sample(metric, value, "job", job)));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    }

    private static List<JsonObject> alertsOf(String job, String query) {
        return engine.alerts(query + (query.isEmpty() ? "?" : "&") + "filter=job=\"" + job + "\"");
    }

    private static List<AlertTransition> heardFor(String job) {
        return heard.stream().filter(transition -> job.equals(transition.alert().labels().get("job"))).toList();
    }

    @Test
    void lagAlertIsPendingThenFiresAfterForAndResolvesWhenLagDrops() {
        String job = "lifecycle";
        push(job, "cdc_source_emit_event_time_lag_milliseconds", 5000);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(alertsOf(job, ""))
                .singleElement().satisfies(alert -> assertThat(alert.getString("state")).isEqualTo("pending")));
        JsonObject pending = alertsOf(job, "").get(0);
        assertThat(pending.getJsonObject("labels").getMap())
                .containsEntry("alertname", "EmitLagHigh").containsEntry("severity", "page").containsEntry("job", job)
                .doesNotContainKey("__name__");
        assertThat(pending.getJsonObject("annotations").getString("summary")).contains("5000").contains(job);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(alertsOf(job, ""))
                .singleElement().satisfies(alert -> assertThat(alert.getString("state")).isEqualTo("firing")));
        JsonObject firing = alertsOf(job, "").get(0);
        Duration pendingFor = Duration.between(Instant.parse(firing.getString("activeAt")), Instant.parse(firing.getString("firedAt")));
        // At least the 2 s of for; under 3.5 s allows one late evaluation, while a for counted twice would take 4 s.
        assertThat(pendingFor).isBetween(Duration.ofSeconds(2), Duration.ofMillis(3500));

        push(job, "cdc_source_emit_event_time_lag_milliseconds", 10);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(alertsOf(job, "")).isEmpty());
        assertThat(alertsOf(job, "?state=resolved")).singleElement()
                .satisfies(alert -> assertThat(alert.getString("resolvedAt")).isNotNull());
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(heardFor(job)).extracting(AlertTransition::to)
                .containsExactly(AlertState.PENDING, AlertState.FIRING, AlertState.RESOLVED));

        String fingerprint = firing.getString("fingerprint");
        List<String> history = engine.getJson("/api/v1/alerts/history?fingerprint=" + fingerprint).getJsonArray("transitions")
                .stream().map(entry -> ((JsonObject) entry).getString("to")).toList();
        assertThat(history).containsExactly("resolved", "firing", "pending");
    }

    @Test
    void pendingAlertThatClearsIsDroppedWithoutFiring() {
        String job = "flapping";
        push(job, "cdc_source_emit_event_time_lag_milliseconds", 5000);
        await().atMost(Duration.ofSeconds(3)).until(() -> alertsOf(job, "").size() == 1);
        push(job, "cdc_source_emit_event_time_lag_milliseconds", 10);
        await().atMost(Duration.ofSeconds(3)).until(() -> alertsOf(job, "").isEmpty());

        assertThat(alertsOf(job, "?state=resolved")).isEmpty();
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(heardFor(job)).extracting(AlertTransition::to)
                .containsExactly(AlertState.PENDING, AlertState.INACTIVE));
        assertThat(heardFor(job)).noneMatch(AlertTransition::notifiable);
    }

    @Test
    void alertWithoutForFiresOnTheFirstEvaluation() {
        String job = "disconnected";
        push(job, "cdc_debezium_connected", 0);
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(alertsOf(job, ""))
                .singleElement().satisfies(alert -> assertThat(alert.getString("state")).isEqualTo("firing")));
        // The group runner stores a transition (the API shows it) before it tells the listeners.
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(heardFor(job)).singleElement().satisfies(transition -> {
            assertThat(transition.from()).isEqualTo(AlertState.INACTIVE);
            assertThat(transition.to()).isEqualTo(AlertState.FIRING);
            assertThat(transition.notifiable()).isTrue();
        }));
    }

    @Test
    void keepFiringForHoldsAClearedAlertFiringBeforeItResolves() {
        String job = "sticky";
        push(job, "flink_sink_record_send_errors_total", 3);
        await().atMost(Duration.ofSeconds(3)).until(() -> alertsOf(job, "").size() == 1);
        Instant cleared = Instant.now();
        push(job, "flink_sink_record_send_errors_total", 0);
        // keep_firing_for is 5 s: the kept alert is visible long enough to be read on a loaded machine.
        await().atMost(Duration.ofSeconds(4)).untilAsserted(() -> assertThat(alertsOf(job, "").get(0).getString("keepFiringSince")).isNotNull());
        assertThat(alertsOf(job, "").get(0).getString("state")).isEqualTo("firing");

        await().atMost(Duration.ofSeconds(10)).until(() -> alertsOf(job, "").isEmpty());
        Instant resolvedAt = Instant.parse(alertsOf(job, "?state=resolved").get(0).getString("resolvedAt"));
        assertThat(Duration.between(cleared, resolvedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void silencedAlertIsMarkedAndLeftOutOfTheNotifySetUntilTheSilenceExpires() {
        String job = "silenced";
        push(job, "cdc_debezium_connected", 0);
        await().atMost(Duration.ofSeconds(3)).until(() -> alertsOf(job, "").size() == 1);
        assertThat(engine.engine().notifiable()).anyMatch(alert -> job.equals(alert.labels().get("job")));

        JsonObject silence = new JsonObject()
                .put("matchers", List.of(new JsonObject().put("name", "job").put("value", job).put("isRegex", false).put("isEqual", true),
                        new JsonObject().put("name", "alertname").put("value", "Binlog.*").put("isRegex", true).put("isEqual", true)))
                .put("endsAt", Instant.now().plus(Duration.ofHours(1)).toString())
                .put("createdBy", "tests")
                .put("comment", "maintenance");
        HttpResponse<Buffer> created = TestEngine.send(engine.client().post("/api/v1/silences")
                .bearerTokenAuthentication(TestEngine.ADMIN_TOKEN), silence.toBuffer());
        assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
        String silenceId = created.bodyAsJsonObject().getString("silenceId");

        JsonObject alert = alertsOf(job, "").get(0);
        assertThat(alert.getBoolean("silenced")).isTrue();
        assertThat(alert.getJsonArray("silencedBy").getList()).containsExactly(silenceId);
        assertThat(alertsOf(job, "?silenced=false")).isEmpty();
        assertThat(engine.engine().notifiable()).noneMatch(notifiable -> job.equals(notifiable.labels().get("job")));

        HttpResponse<Buffer> expired = TestEngine.await(engine.client().delete("/api/v1/silences/" + silenceId)
                .bearerTokenAuthentication(TestEngine.ADMIN_TOKEN).send());
        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(alertsOf(job, "?silenced=false")).hasSize(1);
        assertThat(engine.engine().notifiable()).anyMatch(notifiable -> job.equals(notifiable.labels().get("job")));
    }

    @Test
    void rulesEndpointShowsHealthAndLastEvaluation() {
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            JsonObject group = engine.getJson("/api/v1/rules").getJsonArray("groups").getJsonObject(0);
            assertThat(group.getString("name")).isEqualTo("lifecycle");
            assertThat(group.getDouble("intervalSeconds")).isEqualTo(0.2);
            assertThat(group.getString("lastEvaluation")).isNotNull();
            JsonObject rule = group.getJsonArray("rules").getJsonObject(0);
            assertThat(rule.getString("name")).isEqualTo("EmitLagHigh");
            assertThat(rule.getString("health")).isEqualTo("ok");
            assertThat(rule.getDouble("durationSeconds")).isEqualTo(2.0);
            assertThat(rule.getString("query")).contains("cdc_source_emit_event_time_lag_milliseconds");
        });
    }
}
