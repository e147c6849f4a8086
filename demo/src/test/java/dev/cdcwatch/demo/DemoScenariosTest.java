package dev.cdcwatch.demo;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the demo as a user would from a second terminal, without the console: each fault must
 * bring its alert to the DingTalk robot (which checks the signature), with the affected table,
 * topic and consumer groups in the message, and its resolve once the fault is taken back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoScenariosTest {

    private static final Set<String> LAG_ALERTS = Set.of("CdcEmitLagHigh", "CdcFetchLagHigh", "CdcSourceIdleWhileDatabaseActive");

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Demo demo;

    @BeforeAll
    void startDemo() {
        demo = Demo.start(new Demo.Options(0, 0, 0), new PrintStream(console, true, StandardCharsets.UTF_8));
        // Faults make sense once the snapshot is done and the job streams the binlog.
        await().atMost(Duration.ofSeconds(120)).until(() -> latest("cdc_debezium_binlog_reading") == 1
                && latest("cdc_debezium_connected") == 1);
    }

    /** The latest value the engine holds for a metric (max over its series), or -1. */
    private double latest(String metric) {
        long now = System.currentTimeMillis();
        return demo.engine().store().select(List.of(LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, metric)), now - 5_000, now)
                .stream().filter(series -> series.size() > 0).mapToDouble(series -> series.values()[series.size() - 1])
                .max().orElse(-1);
    }

    @AfterAll
    void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(1)
    void killingTheBinlogConnectionSendsOneDisconnectMessageWithLineageAndThenItsResolve() {
        // Start from a quiet state: no disconnect alert left from the switch of snapshot to binlog.
        await().atMost(Duration.ofMinutes(2)).until(() -> active("CdcBinlogDisconnects") == 0);
        int before = demo.dingTalk().accepted().size();
        demo.faults().inject("kill-binlog");

        await().atMost(Duration.ofSeconds(30)).until(() -> !messagesSince(before, "CdcBinlogDisconnects", "🔥").isEmpty());
        assertThat(messagesSince(before, "CdcBinlogDisconnects", "🔥").get(0).text())
                .contains("shop.orders", "cdc.shop.orders", Demo.ANALYTICS_GROUP, "billing.invoices", Demo.BILLING_GROUP);
        await().atMost(Duration.ofMinutes(3)).until(() -> !messagesSince(before, "CdcBinlogDisconnects", "✅").isEmpty());
        assertThat(messagesSince(before, "CdcBinlogDisconnects", "🔥")).as("one disconnect, one message").hasSize(1);
    }

    private long active(String alertName) {
        return demo.engine().alerts().stream()
                .filter(alert -> alert.state() != dev.cdcwatch.engine.alerts.AlertState.RESOLVED && alertName.equals(alert.alertName()))
                .count();
    }

    private List<DingTalkRobotServer.AcceptedMessage> messagesSince(int index, String alertName, String statusIcon) {
        List<DingTalkRobotServer.AcceptedMessage> all = demo.dingTalk().accepted();
        return all.subList(index, all.size()).stream()
                .filter(message -> message.text().contains(alertName) && message.text().contains(statusIcon))
                .toList();
    }

    @Test
    @Order(2)
    void pausingAConsumerGroupAlertsWithItsUpstreamTablesAndResolvesWhenItCatchesUp() {
        demo.faults().inject("pause-consumer");

        DingTalkRobotServer.AcceptedMessage firing = awaitMessage("KafkaConsumerGroupStalled", "🔥", Duration.ofMinutes(3));
        assertThat(firing.text()).contains(Demo.ANALYTICS_GROUP, "shop.orders");
        demo.faults().clear("pause-consumer");
        awaitMessage("KafkaConsumerGroupStalled", "✅", Duration.ofMinutes(2));
    }

    @Test
    @Order(3)
    void stallingTheSinkBacksUpTheDebeziumQueueAndAlerts() {
        demo.faults().inject("stall-sink");

        DingTalkRobotServer.AcceptedMessage firing = awaitMessage("CdcQueueRemainingCapacityLow", "🔥", Duration.ofMinutes(3));
        assertThat(firing.text()).contains(Demo.JOB_NAME, "cdc.shop.orders");
        demo.faults().clear("stall-sink");
        awaitMessage("CdcQueueRemainingCapacityLow", "✅", Duration.ofMinutes(2));
    }

    @Test
    @Order(4)
    void anIdleSourceRaisesNoLagAlert() {
        await().atMost(Duration.ofMinutes(2)).until(this::noLagAlert);
        demo.faults().inject("stop-load");

        int messagesBefore = demo.dingTalk().accepted().size();
        await().during(Duration.ofSeconds(45)).atMost(Duration.ofSeconds(60)).until(this::noLagAlert);
        assertThat(demo.dingTalk().accepted().subList(messagesBefore, demo.dingTalk().accepted().size()))
                .noneMatch(message -> LAG_ALERTS.stream().anyMatch(message.text()::contains));
        demo.faults().clear("stop-load");
    }

    private boolean noLagAlert() {
        return demo.engine().alerts().stream()
                .filter(alert -> alert.state() != dev.cdcwatch.engine.alerts.AlertState.RESOLVED)
                .map(Alert::alertName).noneMatch(LAG_ALERTS::contains);
    }

    @Test
    @Order(5)
    void stoppingTheJobFiresTheDeadManAlertAndRestartingItResolvesIt() {
        demo.faults().inject("stop-job");

        DingTalkRobotServer.AcceptedMessage firing = awaitMessage("CdcJobMetricsMissing", "🔥", Duration.ofMinutes(3));
        assertThat(firing.text()).contains(Demo.JOB_NAME, "shop.orders");
        demo.faults().clear("stop-job");
        awaitMessage("CdcJobMetricsMissing", "✅", Duration.ofMinutes(2));
    }

    private DingTalkRobotServer.AcceptedMessage awaitMessage(String alertName, String statusIcon, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> !messages(alertName, statusIcon).isEmpty());
        return messages(alertName, statusIcon).get(0);
    }

    private List<DingTalkRobotServer.AcceptedMessage> messages(String alertName, String statusIcon) {
        return demo.dingTalk().accepted().stream()
                .filter(message -> message.text().contains(alertName) && message.text().contains(statusIcon))
                .toList();
    }
}
