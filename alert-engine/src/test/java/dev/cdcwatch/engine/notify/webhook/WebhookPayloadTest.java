package dev.cdcwatch.engine.notify.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cdcwatch.engine.dispatch.DispatchAlert;
import dev.cdcwatch.engine.dispatch.DispatchFixture;
import dev.cdcwatch.engine.dispatch.DispatchService;
import dev.cdcwatch.engine.dispatch.DispatchYaml;
import dev.cdcwatch.testkit.http.HttpReceiver;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class WebhookPayloadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant STARTS_AT = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path directory;

    @RegisterExtension
    final DispatchFixture fixture = new DispatchFixture();

    private DispatchYaml config(String webhookKeys) {
        return DispatchYaml.webhook(fixture.hook().url("/ours")).integrationKeys(webhookKeys);
    }

    private static List<DispatchAlert> alerts() {
        return alerts(STARTS_AT);
    }

    private static List<DispatchAlert> alerts(Instant startsAt) {
        List<DispatchAlert> alerts = new ArrayList<>();
        for (String table : List.of("orders", "payments", "users")) {
            alerts.add(new DispatchAlert("fp-" + table, Map.of("alertname", "CdcTopicLag", "severity", "warning", "job", "shop-cdc",
                    "table", table), Map.of("summary", "lag on " + table, "runbook", "https://wiki/lag"),
                    startsAt, null, "http://cdc-watch.test/graph?g0.expr=lag"));
        }
        return alerts;
    }

    private JsonNode onlyPayload(HttpReceiver receiver) {
        return onlyPayload(receiver, Duration.ofSeconds(10));
    }

    private JsonNode onlyPayload(HttpReceiver receiver, Duration atMost) {
        await().atMost(atMost).untilAsserted(() -> assertThat(receiver.requests()).hasSize(1));
        return DispatchFixture.json(receiver.requests().get(0));
    }

    @Test
    void payloadHasEveryAlertmanagerVersion4Field() throws Exception {
        DispatchService service = fixture.start(config(""));
        service.accept(alerts());

        JsonNode payload = onlyPayload(fixture.hook());
        assertThat(payload.fieldNames()).toIterable().containsExactly("receiver", "status", "alerts", "groupLabels", "commonLabels",
                "commonAnnotations", "externalURL", "version", "groupKey", "truncatedAlerts");
        assertThat(payload.path("version").asText()).isEqualTo("4");
        assertThat(payload.path("receiver").asText()).isEqualTo("hook");
        assertThat(payload.path("status").asText()).isEqualTo("firing");
        assertThat(payload.path("groupKey").asText()).isEqualTo("{}:{alertname=\"CdcTopicLag\"}");
        assertThat(payload.path("truncatedAlerts").isInt()).isTrue();
        assertThat(payload.path("truncatedAlerts").asInt()).isZero();
        assertThat(payload.path("externalURL").asText()).isEqualTo("http://cdc-watch.test");
        assertThat(JSON.convertValue(payload.path("groupLabels"), Map.class)).isEqualTo(Map.of("alertname", "CdcTopicLag"));
        assertThat(JSON.convertValue(payload.path("commonLabels"), Map.class))
                .isEqualTo(Map.of("alertname", "CdcTopicLag", "severity", "warning", "job", "shop-cdc"));
        assertThat(JSON.convertValue(payload.path("commonAnnotations"), Map.class)).isEqualTo(Map.of("runbook", "https://wiki/lag"));
        assertThat(payload.path("alerts")).hasSize(3);
        for (JsonNode alert : payload.path("alerts")) {
            assertThat(alert.fieldNames()).toIterable().containsExactly("status", "labels", "annotations", "startsAt", "endsAt",
                    "generatorURL", "fingerprint");
            assertThat(alert.path("status").asText()).isEqualTo("firing");
            assertThat(OffsetDateTime.parse(alert.path("startsAt").asText()).toInstant()).isEqualTo(STARTS_AT);
            assertThat(alert.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(alert.path("generatorURL").asText()).isEqualTo("http://cdc-watch.test/graph?g0.expr=lag");
            assertThat(alert.path("fingerprint").asText()).startsWith("fp-");
        }
        assertThat(fixture.hook().requests().get(0).header("Content-Type")).startsWith("application/json");
    }

    @Test
    void timesAreWrittenAsGoWritesThemWithoutTrailingFractionZeros() {
        assertThat(WebhookPayload.time(Instant.parse("2026-11-25T18:47:45.770Z"))).isEqualTo("2026-11-25T18:47:45.77Z");
        assertThat(WebhookPayload.time(Instant.parse("2026-11-25T18:47:45.700Z"))).isEqualTo("2026-11-25T18:47:45.7Z");
        assertThat(WebhookPayload.time(Instant.parse("2026-11-25T18:47:45Z"))).isEqualTo("2026-11-25T18:47:45Z");
        assertThat(WebhookPayload.time(Instant.parse("2026-11-25T18:47:45.123456789Z"))).isEqualTo("2026-11-25T18:47:45.123456789Z");
        assertThat(WebhookPayload.time(Instant.parse("2026-11-25T18:47:45.000120Z"))).isEqualTo("2026-11-25T18:47:45.00012Z");
    }

    @Test
    void maxAlertsTruncatesAndCountsTheRest() throws Exception {
        DispatchService service = fixture.start(config("max_alerts: 2"));
        service.accept(alerts());

        JsonNode payload = onlyPayload(fixture.hook());
        assertThat(payload.path("alerts")).hasSize(2);
        assertThat(payload.path("truncatedAlerts").asInt()).isEqualTo(1);
    }

    @Test
    void customHeadersAndBearerTokenAreSent() throws Exception {
        DispatchService service = fixture.start(config("""
                bearer_token: s3cret
                headers:
                  X-Team: cdc
                """));
        service.accept(alerts());

        onlyPayload(fixture.hook());
        ReceivedRequest request = fixture.hook().requests().get(0);
        assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
        assertThat(request.header("X-Team")).isEqualTo("cdc");
    }

    @Test
    void payloadEqualsWhatAlertmanagerSendsForTheSameAlerts() throws Exception {
        assumeThat(Files.isExecutable(AlertmanagerProcess.BINARY)).as("Alertmanager 0.25 (Debian prometheus-alertmanager)").isTrue();
        try (HttpReceiver amHook = HttpReceiver.start();
             AlertmanagerProcess alertmanager = AlertmanagerProcess.start(directory, """
                     route:
                       receiver: hook
                       group_by: [alertname]
                       group_wait: 10s
                       group_interval: 10s
                       repeat_interval: 1h
                     receivers:
                       - name: hook
                         webhook_configs:
                           - url: %s
                     """.formatted(amHook.url("/am")), "http://cdc-watch.test")) {
            // Alertmanager flushes a new group at once when its first alert started more than group_wait ago, which
            // would race the other two alerts into the group: the alerts start now so group_wait (10 s) applies. The
            // milliseconds end in a zero so that Go's trimming of trailing fraction zeros is always compared.
            List<DispatchAlert> alerts = alerts(Instant.ofEpochMilli(System.currentTimeMillis() / 10 * 10));
            ArrayNode posted = JSON.createArrayNode();
            for (DispatchAlert alert : alerts) {
                ObjectNode node = posted.addObject();
                node.set("labels", JSON.valueToTree(alert.labels()));
                node.set("annotations", JSON.valueToTree(alert.annotations()));
                node.put("startsAt", alert.startsAt().toString());
                node.put("generatorURL", alert.generatorUrl());
            }
            alertmanager.postAlerts(JSON.writeValueAsString(posted));
            fixture.start(config("")).accept(alerts);

            JsonNode theirs = withoutFingerprints(onlyPayload(amHook, Duration.ofSeconds(30)));
            JsonNode ours = withoutFingerprints(onlyPayload(fixture.hook()));
            assertThat(ours).isEqualTo(theirs);
        }
    }

    /** Fingerprints are computed by each side's own hash; all else must match. Alerts sorted by labels. */
    private static JsonNode withoutFingerprints(JsonNode payload) {
        ObjectNode copy = payload.deepCopy();
        List<JsonNode> alerts = new ArrayList<>();
        copy.path("alerts").forEach(alert -> {
            assertThat(alert.path("fingerprint").asText()).isNotEmpty();
            ((ObjectNode) alert).remove("fingerprint");
            alerts.add(alert);
        });
        alerts.sort(Comparator.comparing(alert -> alert.path("labels").toString()));
        copy.putArray("alerts").addAll(alerts);
        return copy;
    }
}
