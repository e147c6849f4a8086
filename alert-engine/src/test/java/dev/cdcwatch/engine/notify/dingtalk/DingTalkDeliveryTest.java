package dev.cdcwatch.engine.notify.dingtalk;

import dev.cdcwatch.engine.dispatch.DispatchAlert;
import dev.cdcwatch.engine.dispatch.DispatchFixture;
import dev.cdcwatch.engine.dispatch.DispatchService;
import dev.cdcwatch.engine.dispatch.DispatchYaml;
import dev.cdcwatch.engine.notify.OutboxEntry;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer.AcceptedMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DingTalkDeliveryTest {

    private static final String INTEGRATION = "oncall/dingtalk[0]";

    @RegisterExtension
    final DispatchFixture fixture = new DispatchFixture();

    private DingTalkRobotServer robot;

    @AfterEach
    void stopRobot() {
        if (robot != null) {
            robot.close();
        }
    }

    private static DispatchYaml config(String webhookUrl, String secret, String robotKeys) {
        return DispatchYaml.dingtalk(webhookUrl).integrationKeys("""
                secret: %s
                keyword: cdc-watch
                throttle_backoff: 300ms
                dashboard_url: "http://grafana.test/d/cdc?var-table={{table}}"
                """.formatted(secret) + robotKeys);
    }

    private static DispatchAlert binlogLag(String alertname, Map<String, String> extraLabels, String summary) {
        Map<String, String> labels = new TreeMap<>(Map.of("alertname", alertname, "severity", "critical",
                "job", "orders-cdc", "database", "shop", "table", "orders", "topic", "cdc.shop.orders"));
        labels.putAll(extraLabels);
        return DispatchFixture.firing(labels, Map.of("summary", summary, "value", "42s",
                "downstream_topics", "cdc.shop.orders", "downstream_groups", "billing,search"));
    }

    @Test
    void signedMarkdownWithKeywordIsAcceptedByTheRobot() {
        robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("tok", "SECabc", "cdc-watch"));
        DispatchService service = fixture.start(config(robot.webhookUrl("tok"), "SECabc", ""));

        service.accept(List.of(binlogLag("CdcEmitLagHigh", Map.of(), "binlog emit lag is 42s")));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(robot.accepted()).hasSize(1));
        AcceptedMessage message = robot.accepted().get(0);
        assertThat(message.msgtype()).isEqualTo("markdown");
        assertThat(message.title()).startsWith("cdc-watch [FIRING:1] CdcEmitLagHigh");
        assertThat(message.text()).contains("[critical] CdcEmitLagHigh", "binlog emit lag is 42s", "Value: 42s", "Since: ",
                "Job: orders-cdc", "Table: shop.orders", "Topic: cdc.shop.orders",
                "Lineage impact: topics cdc.shop.orders; consumer groups billing,search",
                "[Dashboard](http://grafana.test/d/cdc?var-table=orders)", "[Silence](http://cdc-watch.test/silences/new?filter=");
        assertThat(robot.answers()).extracting(DingTalkRobotServer.Answer::errcode).containsOnly(0);
        await().atMost(Duration.ofSeconds(2)).until(() -> fixture.metric("cdcwatch_notifications_sent_total", INTEGRATION) == 1.0);
    }

    @Test
    void ownerLabelAndStaticMobilesBecomeAtMentions() {
        robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("tok", "SECabc", "cdc-watch"));
        DispatchService service = fixture.start(config(robot.webhookUrl("tok"), "SECabc", """
                at_mobiles: ["13900000000"]
                owner_mobiles:
                  alice: ["13800000001"]
                  bob: "13800000002,13800000003"
                """));

        service.accept(List.of(binlogLag("CdcEmitLagHigh", Map.of("owner", "bob"), "lag")));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(robot.accepted()).hasSize(1));
        AcceptedMessage message = robot.accepted().get(0);
        assertThat(message.atMobiles()).containsExactly("13900000000", "13800000002", "13800000003");
        assertThat(message.text()).contains("@13900000000 @13800000002 @13800000003");
        assertThat(message.atAll()).isFalse();
    }

    @Test
    void notificationOverTheSizeLimitIsSplitIntoMessagesTheRobotAccepts() {
        robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("tok", "SECabc", "cdc-watch"));
        DispatchService service = fixture.start(config(robot.webhookUrl("tok"), "SECabc", ""));
        List<DispatchAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            alerts.add(binlogLag("CdcEmitLagHigh", Map.of("table", "orders_" + i), "表 orders_" + i + " 延迟过高 ".repeat(60)));
        }

        service.accept(alerts);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.notifications())
                .isNotEmpty().allMatch(entry -> entry.status() == OutboxEntry.Status.SENT));
        List<AcceptedMessage> parts = robot.accepted();
        assertThat(parts).hasSizeGreaterThan(1);
        assertThat(parts).allSatisfy(part -> {
            assertThat(part.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(20_000);
            assertThat(part.title()).contains("cdc-watch").endsWith("/" + parts.size() + ")");
        });
        String all = String.join("\n", parts.stream().map(AcceptedMessage::text).toList());
        for (int i = 0; i < 30; i++) {
            assertThat(all).contains("表 orders_" + i + " 延迟过高");
        }
        assertThat(robot.answers()).extracting(DingTalkRobotServer.Answer::errcode).containsOnly(0);
    }

    @Test
    void messagesBeyondTwentyAMinuteGoOutAsOneSummary() {
        int port = FreePorts.find();
        String url = "http://127.0.0.1:" + port + "/robot/send?access_token=tok";
        DispatchService down = fixture.start(config(url, "SECabc", ""));
        List<DispatchAlert> alerts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            alerts.add(binlogLag("CdcAlert" + i, Map.of(), "alert " + i));
        }
        down.accept(alerts);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.notifications()).hasSize(25));
        fixture.stop();

        // The robot comes back with a backlog of 25: the engine restarts and finds all of them due at once.
        robot = DingTalkRobotServer.start(port, 20, Duration.ofMinutes(1)).addRobot(new DingTalkRobotServer.Robot("tok", "SECabc", "cdc-watch"));
        await().atMost(Duration.ofSeconds(2)).until(() -> fixture.notifications().stream()
                .allMatch(entry -> entry.nextAttemptAt().isBefore(Instant.now())));
        fixture.start(config(url, "SECabc", ""));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.notifications())
                .allMatch(entry -> entry.status() == OutboxEntry.Status.SENT));
        List<AcceptedMessage> accepted = robot.accepted();
        assertThat(accepted).hasSize(20);
        assertThat(robot.answers()).extracting(DingTalkRobotServer.Answer::errcode).containsOnly(0);
        AcceptedMessage summary = accepted.get(19);
        assertThat(summary.title()).contains("[SUMMARY:6]");
        for (int i = 19; i < 25; i++) {
            assertThat(summary.text()).contains("CdcAlert" + i);
        }
        // The worker marks an entry sent before it counts it as combined, so the last count may trail the last mark.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(fixture.metric("cdcwatch_notifications_throttled_total",
                INTEGRATION)).isEqualTo(6.0));
    }

    @Test
    void throttledAnswerIsRetriedLater() {
        // Two messages per 5 s: the three sends fall into one window even when a loaded machine spreads them out.
        robot = DingTalkRobotServer.start(2, Duration.ofSeconds(5)).addRobot(new DingTalkRobotServer.Robot("tok", "SECabc", "cdc-watch"));
        DispatchService service = fixture.start(config(robot.webhookUrl("tok"), "SECabc", ""));

        service.accept(List.of(binlogLag("CdcA", Map.of(), "a"), binlogLag("CdcB", Map.of(), "b"), binlogLag("CdcC", Map.of(), "c")));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(robot.accepted()).hasSize(3));
        assertThat(robot.answers()).extracting(DingTalkRobotServer.Answer::errcode).contains(DingTalkRobotServer.THROTTLED);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(fixture.notifications())
                .allMatch(entry -> entry.status() == OutboxEntry.Status.SENT)
                .anyMatch(entry -> entry.attempts() > 1));
        assertThat(fixture.metric("cdcwatch_notifications_throttled_total", INTEGRATION)).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void wrongSecretIsAPermanentErrorInStatusAndMetrics() {
        robot = DingTalkRobotServer.start().addRobot(new DingTalkRobotServer.Robot("tok", "SECright", "cdc-watch"));
        DispatchService service = fixture.start(config(robot.webhookUrl("tok"), "SECwrong", ""));

        service.accept(List.of(binlogLag("CdcEmitLagHigh", Map.of(), "lag")));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.notifications())
                .singleElement().satisfies(entry -> {
                    assertThat(entry.status()).isEqualTo(OutboxEntry.Status.FAILED);
                    assertThat(entry.lastError()).contains("errcode 310000", "sign not match");
                    assertThat(entry.attempts()).isEqualTo(1);
                }));
        // Marked failed before it is counted, as sent entries are.
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(fixture.metric("cdcwatch_notifications_failed_total",
                INTEGRATION)).isEqualTo(1.0));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> robot.answers().size() == 1);
        assertThat(service.notifications().recent(OutboxEntry.Status.FAILED, "oncall", 10)).hasSize(1);
    }
}
