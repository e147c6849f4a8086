package dev.cdcwatch.demo;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import dev.cdcwatch.testkit.http.ReceivedRequest;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the demo as a user would from a second terminal, without the console: each fault, injected
 * and taken back over the control endpoint with the README's requests, must bring its alert to the
 * DingTalk robot (which checks the signature) after the fault was injected, with the affected table,
 * topic and consumer groups in the message, and its resolve after the fault was taken back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoScenariosTest {

    private static final Set<String> LAG_ALERTS = Set.of("CdcEmitLagHigh", "CdcFetchLagHigh", "CdcSourceIdleWhileDatabaseActive");
    /** What the default lineage inhibition holds back while a binlog disconnect fires (LineageInhibition.DEFAULTS). */
    private static final Set<String> DISCONNECT_SYMPTOMS = Set.of("CdcEmitLagHigh", "CdcFetchLagHigh", "CdcSourceIdleWhileDatabaseActive",
            "CdcQueueRemainingCapacityLow", "FlinkJobRestarting", "FlinkCheckpointFailures", "KafkaConsumerGroupLagRecordsHigh",
            "KafkaConsumerGroupLagSecondsHigh", "KafkaConsumerGroupStalled");
    /** The idle window's lag thresholds: low enough that a lag growing while the source is idle fires within the window. */
    private static final double IDLE_LAG_THRESHOLD_SECONDS = 5;
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(45);

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newHttpClient();
    private Demo demo;
    private int takenReporterPort;

    @BeforeAll
    void startDemo() throws IOException {
        // The reporter's first port is taken, as by a second demo or another exporter on the machine.
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(FreePorts.find()));
            takenReporterPort = taken.getLocalPort();
            demo = Demo.start(new Demo.Options(0, 0, takenReporterPort), new PrintStream(console, true, StandardCharsets.UTF_8));
        }
        // Faults make sense once the snapshot is done and the job streams the binlog.
        await().atMost(Duration.ofSeconds(120)).until(() -> latest("cdc_debezium_binlog_reading") == 1
                && latest("cdc_debezium_connected") == 1);
        // ... and once a checkpoint holds the binlog split. Killed before that (4 s after the start in one CI run), the
        // job restored the snapshot phase's state, Flink CDC's enumerator failed on a split without a binlog offset
        // (NullPointerException), and after the global failover the reader never got a split again.
        double checkpointsAtBinlogStart = latest("flink_job_checkpoints_completed");
        await().atMost(Duration.ofSeconds(60)).until(() -> latest("flink_job_checkpoints_completed") >= checkpointsAtBinlogStart + 2);
    }

    @AfterAll
    void stopDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    @Order(0)
    void theReporterTakesTheNextFreePortWhenItsFirstIsTakenAndTheGuideShowsThePortItBound() throws Exception {
        int port = demo.reporterPort();
        ByteArrayOutputStream guide = new ByteArrayOutputStream();
        DemoMain.printGuide(new PrintStream(guide, true, StandardCharsets.UTF_8), demo);

        assertThat(port).isGreaterThan(takenReporterPort).isLessThan(takenReporterPort + Demo.Options.REPORTER_PORTS);
        HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scrape.body()).contains("cdc_debezium_connected");
        assertThat(guide.toString(StandardCharsets.UTF_8)).contains("reporter /metrics    http://127.0.0.1:" + port + "/metrics");
    }

    @Test
    @Order(1)
    void killingTheBinlogConnectionSendsOneDisconnectMessageWithLineageWhileItsSymptomsAreHeldBack() throws Exception {
        // Start from a quiet state: no disconnect or restart left from the switch of snapshot to binlog.
        await().atMost(Duration.ofMinutes(2)).until(() -> active("CdcBinlogDisconnects") == 0 && active("FlinkJobRestarting") == 0);
        int before = demo.dingTalk().accepted().size();
        int webhooksBefore = demo.webhook().requests().size();
        long kill = System.currentTimeMillis();
        assertThat(fault("POST", "kill-binlog")).isEqualTo(200);

        DingTalkRobotServer.AcceptedMessage firing = awaitMessage(before, "CdcBinlogDisconnects", "🔥", Duration.ofSeconds(30));
        assertLineage(firing, Demo.ANALYTICS_GROUP, Demo.BILLING_GROUP);
        assertThat(firing.text()).contains("billing.invoices");
        Map<String, Long> symptomsFiring = new ConcurrentHashMap<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            symptomsFiringSince(kill).forEach(name -> symptomsFiring.putIfAbsent(name, System.currentTimeMillis()));
            return !messagesSince(before, "CdcBinlogDisconnects", "✅").isEmpty();
        });

        assertThat(messagesSince(before, "CdcBinlogDisconnects", "🔥")).as("one disconnect, one message").hasSize(1);
        // The scenarios after this one need a job that streams again.
        try {
            await().atMost(Duration.ofMinutes(2)).until(() -> latest("cdc_debezium_binlog_reading") == 1
                    && latest("cdc_debezium_connected") == 1 && latest("cdc_source_emit_event_time_lag_milliseconds") >= 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the job does not stream again after the kill; " + situation(before), e);
        }
        // The lost connection fails the source reader on purpose, so Flink restarts it: that symptom must have fired.
        assertThat(symptomsFiring).as("symptoms firing in the engine during the fault").containsKey("FlinkJobRestarting");
        assertThat(demo.dingTalk().accepted().subList(before, demo.dingTalk().accepted().size()))
                .as("no DingTalk message of its own for a held-back symptom " + symptomsFiring.keySet())
                .noneMatch(message -> symptomsFiring.keySet().stream().anyMatch(message.title()::contains));
        assertThat(webhookAlertsSince(webhooksBefore, "firing"))
                .as("no webhook alert of its own for a held-back symptom").doesNotContainAnyElementsOf(symptomsFiring.keySet());
    }

    @Test
    @Order(2)
    void pausingAConsumerGroupAlertsWithItsUpstreamTablesAndResolvesAfterItIsResumed() throws Exception {
        int beforeInject = demo.dingTalk().accepted().size();
        assertThat(fault("POST", "pause-consumer")).isEqualTo(200);

        assertLineage(awaitMessage(beforeInject, "KafkaConsumerGroupStalled", "🔥", Duration.ofMinutes(3)), Demo.ANALYTICS_GROUP);
        awaitResolveAfterClear("pause-consumer", "KafkaConsumerGroupStalled");
    }

    @Test
    @Order(3)
    void stallingTheSinkBacksUpTheDebeziumQueueAndAlerts() throws Exception {
        int beforeInject = demo.dingTalk().accepted().size();
        assertThat(fault("POST", "stall-sink")).isEqualTo(200);

        DingTalkRobotServer.AcceptedMessage firing = awaitMessage(beforeInject, "CdcQueueRemainingCapacityLow", "🔥", Duration.ofMinutes(3));
        assertThat(firing.text()).contains(Demo.JOB_NAME);
        assertLineage(firing, Demo.ANALYTICS_GROUP, Demo.BILLING_GROUP);
        awaitResolveAfterClear("stall-sink", "CdcQueueRemainingCapacityLow");
    }

    @Test
    @Order(4)
    void anIdleSourceRaisesNoLagAlertEvenWithLagThresholdsTheWindowCanReach() throws Exception {
        await().atMost(Duration.ofMinutes(2)).until(this::noLagAlert);
        demo.thresholds().set("emit_lag_seconds", IDLE_LAG_THRESHOLD_SECONDS);
        demo.thresholds().set("fetch_lag_seconds", IDLE_LAG_THRESHOLD_SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> latest(RuleThresholds.METRIC) == IDLE_LAG_THRESHOLD_SECONDS);
        int start = demo.dingTalk().accepted().size();
        assertThat(latest("cdc_source_emit_event_time_lag_milliseconds")).as("the job reports its emit lag; %s", situation(start))
                .isNotNegative();
        assertThat(latest("cdc_source_fetch_event_time_lag_milliseconds")).as("the job reports its fetch lag; %s", situation(start))
                .isNotNegative();
        assertThat(fault("POST", "stop-load")).isEqualTo(200);

        int messagesBefore = demo.dingTalk().accepted().size();
        try {
            // Emit and fetch lag above 5 s would make their rules pending at once and firing 30 s later, inside the window.
            await().during(IDLE_WINDOW).atMost(IDLE_WINDOW.plusSeconds(2)).pollInterval(Duration.ofMillis(500)).until(() -> noLagAlert()
                    && latest("cdc_source_emit_event_time_lag_milliseconds") < IDLE_LAG_THRESHOLD_SECONDS * 1000
                    && latest("cdc_source_fetch_event_time_lag_milliseconds") < IDLE_LAG_THRESHOLD_SECONDS * 1000);
            // CdcSourceIdleWhileDatabaseActive needs the database active: unread binlog, or events seen in the last minute.
            assertThat(latest("cdc_debezium_binlog_position_lag_bytes")).as("unread binlog bytes while idle").isZero();
            assertThat(demo.dingTalk().accepted().subList(messagesBefore, demo.dingTalk().accepted().size()))
                    .noneMatch(message -> LAG_ALERTS.stream().anyMatch(message.title()::contains));
        } finally {
            demo.thresholds().clear();
            fault("DELETE", "stop-load");
        }
    }

    @Test
    @Order(5)
    void stoppingTheJobFiresTheDeadManAlertAndRestartingItOnceResolvesIt() throws Exception {
        int beforeInject = demo.dingTalk().accepted().size();
        assertThat(fault("POST", "stop-job")).isEqualTo(200);
        assertThat(fault("POST", "stop-job")).as("a job already stopped is not stopped again").isEqualTo(409);

        DingTalkRobotServer.AcceptedMessage firing = awaitMessage(beforeInject, "CdcJobMetricsMissing", "🔥", Duration.ofMinutes(3));
        assertThat(firing.text()).contains(Demo.JOB_NAME);
        assertLineage(firing, Demo.ANALYTICS_GROUP, Demo.BILLING_GROUP);
        awaitResolveAfterClear("stop-job", "CdcJobMetricsMissing");
        assertThat(fault("DELETE", "stop-job")).as("a second take-back submits no second job").isEqualTo(409);
    }

    /** Takes the fault back over HTTP and waits for the alert's resolve among the messages accepted after that. */
    private void awaitResolveAfterClear(String faultName, String alertName) throws Exception {
        int beforeClear = demo.dingTalk().accepted().size();
        long cleared = System.currentTimeMillis();
        assertThat(fault("DELETE", faultName)).isEqualTo(200);
        DingTalkRobotServer.AcceptedMessage resolved = awaitMessage(beforeClear, alertName, "✅", Duration.ofMinutes(2));
        assertThat(resolved.receivedAtMillis()).isGreaterThanOrEqualTo(cleared);
    }

    /** The README's {@code curl -X POST|DELETE http://127.0.0.1:<control>/faults/<name>}; returns the status. */
    private int fault(String method, String name) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + demo.faults().port() + "/faults/" + name);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    /**
     * The message names table shop.orders and its topic cdc.shop.orders in its lineage line, and the given
     * consumer groups there or, for an alert about a group, as its {@code Group:} label.
     */
    private static void assertLineage(DingTalkRobotServer.AcceptedMessage message, String... groups) {
        String lineage = line(message, "Lineage impact:");
        assertThat(lineagePart(lineage, "upstream tables ")).as("tables in '%s'", lineage).contains("shop.orders");
        assertThat(lineagePart(lineage, "topics ")).as("topics in '%s'", lineage).contains("cdc.shop.orders");
        String labels = line(message, "| Group: ");
        List<String> named = new ArrayList<>(lineagePart(lineage, "consumer groups "));
        named.add(labels.substring(labels.indexOf("| Group: ") + "| Group: ".length()).trim());
        assertThat(named).as("groups in '%s' and '%s'", lineage, labels).contains(groups);
    }

    private static String line(DingTalkRobotServer.AcceptedMessage message, String containing) {
        return message.text().lines().filter(line -> line.contains(containing)).findFirst().orElse(containing);
    }

    /** The names after a prefix in a lineage line ({@code upstream tables a, b; topics c; consumer groups d}). */
    private static List<String> lineagePart(String lineage, String prefix) {
        int start = lineage.indexOf(prefix);
        if (start < 0) {
            return List.of();
        }
        int end = lineage.indexOf(';', start);
        return List.of(lineage.substring(start + prefix.length(), end < 0 ? lineage.length() : end).trim().split(", "));
    }

    private DingTalkRobotServer.AcceptedMessage awaitMessage(int index, String alertName, String statusIcon, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> !messagesSince(index, alertName, statusIcon).isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no " + statusIcon + " " + alertName + " message within " + timeout + "; " + situation(index), e);
        }
        return messagesSince(index, alertName, statusIcon).get(0);
    }

    /** What the robot got since the index, the engine's open alerts and the source's latest samples, for a failure message. */
    private String situation(int index) {
        List<DingTalkRobotServer.AcceptedMessage> all = demo.dingTalk().accepted();
        long now = System.currentTimeMillis();
        String samples = demo.engine().store().select(List.of(LabelMatcher.of("__name__", LabelMatcher.Type.REGEX,
                        "cdc_source_.*|cdc_debezium_queue_.*|cdc_debezium_connected|cdc_consumer_group_status")), now - 10_000, now).stream()
                .filter(series -> series.size() > 0)
                .map(series -> series.labels() + "=" + series.values()[series.size() - 1])
                .collect(Collectors.joining("\n  "));
        return "messages since: " + all.subList(index, all.size()).stream().map(DingTalkRobotServer.AcceptedMessage::title).toList()
                + "\nopen alerts: " + demo.engine().alerts().stream().filter(alert -> alert.state() != AlertState.RESOLVED)
                .map(alert -> alert.state() + " " + alert.labels()).toList()
                + "\nlatest samples (10 s):\n  " + samples;
    }

    private List<DingTalkRobotServer.AcceptedMessage> messagesSince(int index, String alertName, String statusIcon) {
        List<DingTalkRobotServer.AcceptedMessage> all = demo.dingTalk().accepted();
        return all.subList(index, all.size()).stream()
                .filter(message -> message.title().contains(alertName) && message.text().contains(statusIcon))
                .toList();
    }

    /** Names of the alerts in the webhook deliveries since the index, with the given status. */
    private Set<String> webhookAlertsSince(int index, String status) {
        List<ReceivedRequest> all = demo.webhook().requests();
        return all.subList(index, all.size()).stream()
                .flatMap(request -> new JsonObject(request.bodyText()).getJsonArray("alerts").stream().map(JsonObject.class::cast))
                .filter(alert -> status.equals(alert.getString("status")))
                .map(alert -> alert.getJsonObject("labels").getString("alertname"))
                .collect(Collectors.toSet());
    }

    private Set<String> symptomsFiringSince(long millis) {
        return demo.engine().alerts().stream()
                .filter(alert -> alert.state() == AlertState.FIRING && DISCONNECT_SYMPTOMS.contains(alert.alertName())
                        && alert.activeAt().toEpochMilli() >= millis - 1_000)
                .map(Alert::alertName).collect(Collectors.toSet());
    }

    private long active(String alertName) {
        return demo.engine().alerts().stream()
                .filter(alert -> alert.state() != AlertState.RESOLVED && alertName.equals(alert.alertName()))
                .count();
    }

    private boolean noLagAlert() {
        return demo.engine().alerts().stream()
                .filter(alert -> alert.state() != AlertState.RESOLVED)
                .map(Alert::alertName).noneMatch(LAG_ALERTS::contains);
    }

    /** The latest value the engine holds for a metric (max over its series), or -1. */
    private double latest(String metric) {
        long now = System.currentTimeMillis();
        return demo.engine().store().select(List.of(LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, metric)), now - 5_000, now)
                .stream().filter(series -> series.size() > 0).mapToDouble(series -> series.values()[series.size() - 1])
                .max().orElse(-1);
    }
}
