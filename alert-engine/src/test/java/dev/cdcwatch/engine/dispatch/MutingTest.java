package dev.cdcwatch.engine.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Inhibition (rules and lineage), silences and time intervals hold back what they should, and no more. */
class MutingTest {

    @RegisterExtension
    final DispatchFixture fixture = new DispatchFixture();

    private DispatchYaml config() {
        return DispatchYaml.webhook(fixture.hook().url("/hook")).groupBy("alertname", "table", "topic", "group");
    }

    private List<String> deliveredAlerts() {
        List<String> alerts = new ArrayList<>();
        for (JsonNode payload : fixture.payloads()) {
            payload.path("alerts").forEach(alert ->
                    alerts.add(alert.path("labels").path("alertname").asText() + "/" + alert.path("status").asText()
                            + "/" + alert.path("labels").path("table").asText() + alert.path("labels").path("topic").asText()
                            + alert.path("labels").path("group").asText()));
        }
        return alerts;
    }

    /** A weekday that is not today, so a window on it is certainly not active now. */
    private static String tomorrow() {
        return LocalDate.now(ZoneOffset.UTC).plusDays(1).getDayOfWeek().name().toLowerCase(Locale.ROOT);
    }

    private static DispatchAlert alert(Map<String, String> labels) {
        return DispatchFixture.firing(labels, Map.of());
    }

    @Test
    void inhibitRuleHoldsBackTargetsThatAgreeOnEqualLabels() {
        DispatchService service = fixture.start(config().sections("""
                inhibit_rules:
                  - source_matchers: ['severity="critical"']
                    target_matchers: ['severity="warning"']
                    equal: [table]
                """));

        service.accept(List.of(alert(Map.of("alertname", "JobDown", "severity", "critical", "table", "orders")),
                alert(Map.of("alertname", "Lag", "severity", "warning", "table", "orders")),
                alert(Map.of("alertname", "Lag", "severity", "warning", "table", "users"))));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts())
                .containsExactlyInAnyOrder("JobDown/firing/orders", "Lag/firing/users"));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> deliveredAlerts().size() == 2);
    }

    @Test
    void lineageCauseHoldsBackDownstreamSymptomsAndListsThemInItsDingTalkMessage() {
        try (DingTalkRobotServer robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("tok", null, null))) {
            DispatchService service = fixture.start(DispatchYaml.dingtalk(robot.webhookUrl("tok"))
                    .groupBy("alertname", "table", "topic", "group"));
            DispatchAlert disconnected = DispatchFixture.firing(Map.of("alertname", "CdcBinlogNotConnected",
                    "job", "shop-cdc", "operator", "Source:_orders", "subtask", "0"), Map.of("summary", "binlog client disconnected",
                    "downstream_topics", "cdc.shop.orders", "downstream_groups", "billing,search"));
            DispatchAlert topicLag = alert(Map.of("alertname", "CdcEmitLagHigh", "job", "shop-cdc", "operator", "Source:_orders"));
            DispatchAlert billingLag = alert(Map.of("alertname", "KafkaConsumerGroupLagSecondsHigh", "group", "billing",
                    "topic", "cdc.shop.orders"));
            DispatchAlert unrelatedLag = alert(Map.of("alertname", "KafkaConsumerGroupLagSecondsHigh", "group", "crm", "topic", "crm.leads"));

            service.accept(List.of(disconnected, topicLag, billingLag, unrelatedLag));

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(robot.accepted()).hasSize(2));
            await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> robot.accepted().size() == 2);
            DingTalkRobotServer.AcceptedMessage cause = robot.accepted().stream()
                    .filter(message -> message.title().contains("CdcBinlogNotConnected")).findFirst().orElseThrow();
            assertThat(cause.text()).contains("binlog client disconnected", "topics cdc.shop.orders", "consumer groups billing,search",
                    "Held back (caused by this): CdcEmitLagHigh, KafkaConsumerGroupLagSecondsHigh{topic=cdc.shop.orders,group=billing}");
            assertThat(robot.accepted()).filteredOn(message -> message.title().contains("KafkaConsumerGroupLagSecondsHigh"))
                    .singleElement().satisfies(message -> assertThat(message.text()).contains("crm").doesNotContain("billing"));
        }
    }

    @Test
    void aLostBinlogConnectionHoldsBackTheRestartCheckpointFailureAndLagItCauses() {
        DispatchService service = fixture.start(config());
        DispatchAlert disconnects = alert(Map.of("alertname", "CdcBinlogDisconnects", "job", "shop-cdc"));
        DispatchAlert restart = alert(Map.of("alertname", "FlinkJobRestarting", "job", "shop-cdc"));
        DispatchAlert checkpoint = alert(Map.of("alertname", "FlinkCheckpointFailures", "job", "shop-cdc"));
        DispatchAlert lag = alert(Map.of("alertname", "CdcEmitLagHigh", "job", "shop-cdc"));
        DispatchAlert otherJob = alert(Map.of("alertname", "FlinkJobRestarting", "job", "crm-cdc"));

        service.accept(List.of(disconnects, restart, checkpoint, lag, otherJob));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts())
                .containsExactlyInAnyOrder("CdcBinlogDisconnects/firing/", "FlinkJobRestarting/firing/"));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> deliveredAlerts().size() == 2);
        assertThat(fixture.payloads()).filteredOn(payload -> payload.toString().contains("FlinkJobRestarting"))
                .singleElement().satisfies(payload -> assertThat(payload.toString()).contains("crm-cdc").doesNotContain("shop-cdc"));
    }

    @Test
    void symptomsAreReleasedWhenTheirCauseResolves() {
        DispatchService service = fixture.start(config());
        DispatchAlert cause = alert(Map.of("alertname", "FlinkJobNotRunning", "job", "orders"));
        DispatchAlert symptom = alert(Map.of("alertname", "CdcEmitLagHigh", "job", "orders"));
        service.accept(List.of(cause, symptom));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts()).containsExactly("FlinkJobNotRunning/firing/"));

        service.accept(List.of(cause.resolvedAt(Instant.now()), symptom));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts())
                .containsExactlyInAnyOrder("FlinkJobNotRunning/firing/", "FlinkJobNotRunning/resolved/", "CdcEmitLagHigh/firing/"));
    }

    @Test
    void resolutionIsSentForAnAlertSilencedWhileFiring() {
        Set<String> silenced = ConcurrentHashMap.newKeySet();
        DispatchService service = fixture.start(config(), alert -> silenced.contains(alert.fingerprint()));
        DispatchAlert lag = alert(Map.of("alertname", "Lag", "table", "orders"));
        service.accept(List.of(lag));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts()).containsExactly("Lag/firing/orders"));

        silenced.add(lag.fingerprint());
        service.accept(List.of(lag.resolvedAt(Instant.now())));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts())
                .containsExactly("Lag/firing/orders", "Lag/resolved/orders"));
    }

    @Test
    void alertSilencedFromTheStartIsNeverSent() {
        DispatchService service = fixture.start(config(), alert -> alert.label("table").equals("orders"));

        service.accept(List.of(alert(Map.of("alertname", "Lag", "table", "orders")), alert(Map.of("alertname", "Lag", "table", "users"))));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts()).containsExactly("Lag/firing/users"));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> deliveredAlerts().size() == 1);
    }

    @Test
    void routeInAMuteTimeIntervalSendsNothingWhileOtherRoutesDo() {
        DispatchService service = fixture.start(config().routes("""
                - matchers: ['team="dba"']
                  mute_time_intervals: [always]
                - matchers: ['team="ops"']
                  active_time_intervals: [never]
                """).sections("""
                time_intervals:
                  - name: always
                    time_intervals:
                      - times: [{start_time: '00:00', end_time: '24:00'}]
                  - name: never
                    time_intervals:
                      - weekdays: [%s]
                """.formatted(tomorrow())));

        service.accept(List.of(alert(Map.of("alertname", "Lag", "team", "dba", "table", "a")),
                alert(Map.of("alertname", "Lag", "team", "ops", "table", "b")),
                alert(Map.of("alertname", "Lag", "team", "cdc", "table", "c"))));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(deliveredAlerts()).containsExactly("Lag/firing/c"));
        await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> deliveredAlerts().size() == 1);
    }
}
