package dev.cdcwatch.demo;

import dev.cdcwatch.engine.alerts.Alert;
import dev.cdcwatch.engine.alerts.AlertState;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.testkit.dingtalk.DingTalkRobotServer;
import io.vertx.core.json.JsonObject;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.awaitility.Awaitility.await;

/**
 * Fault to DingTalk message on the real chain (issue #6), a main, not a test. Starts the demo once
 * (reporter push every 1 s, evaluation every 1 s, the demo route's group_wait), waits until the job
 * streams the binlog and the start-up has settled, then for each run: kills the binlog connection
 * through the demo's kill-binlog fault, waits until the robot accepts the disconnect message, waits
 * for its resolve and for a quiet pause. Each run is timed from the instants the components keep:
 * the reporter batch that first carries the new disconnect count (its sample timestamp), the alert's
 * activeAt, the outbox entry's createdAt (the group flush) and the robot's receive time.
 *
 * <p>Per run it also checks that exactly one disconnect message arrived, that it names the table's
 * downstream topics and consumer groups, and that no lag alert reached the robot; the exit code is 1
 * when any run fails a check. {@code mvn -q -pl demo test-compile exec:exec@fault-bench [-Dbench.runs=20]}.
 */
public final class FaultToMessageBenchmark {

    private static final String DISCONNECTS = "CdcBinlogDisconnects";
    private static final String COUNTER = "cdc_debezium_disconnects_total";
    private static final List<String> DOWNSTREAM = List.of("cdc.shop.orders", "cdc.shop.customers", "cdc.billing.invoices",
            Demo.ANALYTICS_GROUP, Demo.BILLING_GROUP);
    private static final Set<String> LAG_ALERTS = Set.of("CdcEmitLagHigh", "CdcFetchLagHigh", "CdcSourceIdleWhileDatabaseActive",
            "KafkaConsumerGroupLagRecordsHigh", "KafkaConsumerGroupLagSecondsHigh", "KafkaConsumerGroupStalled");
    /** The disconnect rule reads its counter over 1m: after this long a start-up disconnect has left the window. */
    private static final Duration SETTLE = Duration.ofSeconds(75);
    private static final Duration QUIET = Duration.ofSeconds(5);

    private final Demo demo;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Random random = new Random();

    private FaultToMessageBenchmark(Demo demo) {
        this.demo = demo;
    }

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        System.out.printf("fault -> DingTalk over %d runs; load average at start %s%n", runs, loadAverage());
        List<Run> results = new ArrayList<>();
        Demo demo = Demo.start(new Demo.Options(0, 0, 0), new PrintStream(OutputStream.nullOutputStream()));
        // Stopped on every way out: the end of the runs, a failed wait, or a Ctrl-C.
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "bench-demo-stop"));
        boolean completed = false;
        try {
            FaultToMessageBenchmark bench = new FaultToMessageBenchmark(demo);
            bench.settle();
            for (int number = 1; number <= runs; number++) {
                Run run = bench.run(number);
                System.out.println(run);
                results.add(run);
                bench.awaitQuiet();
            }
            completed = true;
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
        Summary.print(results, System.out);
        System.out.printf("load average at end %s%n", loadAverage());
        System.exit(completed && results.stream().allMatch(Run::passed) ? 0 : 1);
    }

    private void settle() {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> latest("cdc_debezium_binlog_reading") == 1 && latest("cdc_debezium_connected") == 1);
        long streaming = System.currentTimeMillis();
        System.out.printf("job streams the binlog; waiting %d s for start-up disconnects to leave the rule's window%n",
                SETTLE.toSeconds());
        await().atMost(SETTLE.plus(Duration.ofMinutes(3))).pollInterval(Duration.ofSeconds(1))
                .until(() -> System.currentTimeMillis() - streaming > SETTLE.toMillis() && activeDisconnectAlerts() == 0);
    }

    private Run run(int number) {
        int before = demo.dingTalk().accepted().size();
        Set<String> lagAlertsRaised = new HashSet<>();
        long kill = System.currentTimeMillis();
        demo.faults().inject("kill-binlog");

        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !messagesSince(before, DISCONNECTS, "🔥").isEmpty());
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("run " + number + ": no disconnect message within 60 s; new count pushed at "
                    + firstPushWithNewCount(kill) + ", alert active since " + alertActiveSince(kill) + ", flushed at "
                    + flushedSince(kill) + " (kill at " + kill + ")", e);
        }
        DingTalkRobotServer.AcceptedMessage firing = messagesSince(before, DISCONNECTS, "🔥").get(0);
        long pushed = firstPushWithNewCount(kill);
        long active = alertActiveSince(kill);
        long flushed = flushedSince(kill);

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            lagAlertsRaised.addAll(lagAlertsActiveSince(kill));
            return !messagesSince(before, DISCONNECTS, "✅").isEmpty();
        });
        List<DingTalkRobotServer.AcceptedMessage> window = since(before);
        long lagMessages = window.stream().filter(message -> LAG_ALERTS.stream().anyMatch(message.text()::contains)).count();
        List<String> others = window.stream().map(DingTalkRobotServer.AcceptedMessage::title)
                .filter(title -> !title.contains(DISCONNECTS)).toList();
        return new Run(number, kill, pushed, active, flushed, firing.receivedAtMillis(), messagesSince(before, DISCONNECTS, "🔥").size(),
                DOWNSTREAM.stream().allMatch(firing.text()::contains), lagAlertsRaised.size(), (int) lagMessages, others);
    }

    /**
     * Nothing of the disconnect rule active for a few seconds, so the next run starts a fresh group. The
     * random part of a second spreads the kills over the phase of the 1 s push and evaluation cycles, which
     * the end of the previous run (a robot message) would otherwise fix.
     */
    private void awaitQuiet() {
        Duration quiet = QUIET.plusMillis(random.nextInt(1000));
        await().during(quiet).atMost(quiet.plus(Duration.ofMinutes(2))).pollInterval(Duration.ofMillis(100))
                .until(() -> activeDisconnectAlerts() == 0);
    }

    /** Sample timestamp of the first reporter batch after the kill whose disconnect count went up, or -1. */
    private long firstPushWithNewCount(long kill) {
        long first = Long.MAX_VALUE;
        for (RangeSeries series : select(COUNTER, kill - 10_000)) {
            double baseline = Double.NaN;
            long[] timestamps = series.timestamps();
            double[] values = series.values();
            for (int i = 0; i < timestamps.length; i++) {
                if (timestamps[i] <= kill) {
                    baseline = values[i];
                } else if (!Double.isNaN(baseline) && values[i] > baseline) {
                    first = Math.min(first, timestamps[i]);
                    break;
                }
            }
        }
        return first == Long.MAX_VALUE ? -1 : first;
    }

    private long alertActiveSince(long kill) {
        return demo.engine().alerts().stream()
                .filter(alert -> DISCONNECTS.equals(alert.alertName()) && alert.activeAt().toEpochMilli() >= kill)
                .mapToLong(alert -> alert.activeAt().toEpochMilli()).min().orElse(-1);
    }

    /** When the dispatcher flushed the disconnect group into the outbox for the robot, from {@code GET /api/v1/notifications}. */
    private long flushedSince(long kill) {
        JsonObject body;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.engine().port()
                    + "/api/v1/notifications?limit=50")).build(), HttpResponse.BodyHandlers.ofString());
            body = new JsonObject(response.body());
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        return body.getJsonArray("notifications").stream().map(JsonObject.class::cast)
                .filter(entry -> entry.getString("integration").contains("dingtalk") && entry.getString("title").contains(DISCONNECTS)
                        && entry.getString("title").contains("FIRING"))
                .mapToLong(entry -> Instant.parse(entry.getString("createdAt")).toEpochMilli())
                .filter(created -> created >= kill).min().orElse(-1);
    }

    private Set<String> lagAlertsActiveSince(long kill) {
        Set<String> raised = new HashSet<>();
        for (Alert alert : demo.engine().alerts()) {
            if (LAG_ALERTS.contains(alert.alertName()) && alert.state() != AlertState.RESOLVED && alert.activeAt().toEpochMilli() >= kill) {
                raised.add(alert.fingerprint());
            }
        }
        return raised;
    }

    private long activeDisconnectAlerts() {
        return demo.engine().alerts().stream()
                .filter(alert -> alert.state() != AlertState.RESOLVED && DISCONNECTS.equals(alert.alertName())).count();
    }

    private double latest(String metric) {
        return select(metric, System.currentTimeMillis() - 5_000).stream().filter(series -> series.values().length > 0)
                .mapToDouble(series -> series.values()[series.values().length - 1]).max().orElse(-1);
    }

    private List<RangeSeries> select(String metric, long fromMillis) {
        return demo.engine().store().select(List.of(LabelMatcher.of("__name__", LabelMatcher.Type.EQUAL, metric)), fromMillis,
                System.currentTimeMillis());
    }

    private List<DingTalkRobotServer.AcceptedMessage> since(int index) {
        List<DingTalkRobotServer.AcceptedMessage> all = demo.dingTalk().accepted();
        return all.subList(index, all.size());
    }

    private List<DingTalkRobotServer.AcceptedMessage> messagesSince(int index, String alertName, String statusIcon) {
        return since(index).stream().filter(message -> message.text().contains(alertName) && message.text().contains(statusIcon)).toList();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The instants of one run (epoch ms, -1 when a component did not show one) and its checks. */
    record Run(int number, long kill, long pushed, long alertActive, long flushed, long delivered, int disconnectMessages,
               boolean namesDownstream, int lagAlertsRaised, int lagMessages, List<String> otherMessages) {

        long total() {
            return delivered - kill;
        }

        Map<String, Long> stages() {
            Map<String, Long> stages = new LinkedHashMap<>();
            stages.put("kill -> push", between(kill, pushed));
            stages.put("push -> alert", between(pushed, alertActive));
            stages.put("alert -> flush", between(alertActive, flushed));
            stages.put("flush -> robot", between(flushed, delivered));
            return stages;
        }

        private static long between(long from, long to) {
            return from < 0 || to < 0 ? -1 : to - from;
        }

        boolean passed() {
            return disconnectMessages == 1 && namesDownstream && lagMessages == 0;
        }

        @Override
        public String toString() {
            StringBuilder line = new StringBuilder(String.format("run %2d: fault -> robot %,6d ms |", number, total()));
            stages().forEach((stage, millis) -> line.append(String.format(" %s %,5d |", stage, millis)));
            line.append(String.format(" disconnect messages %d, downstream named %s, lag alerts raised %d / sent %d%s",
                    disconnectMessages, namesDownstream ? "yes" : "NO", lagAlertsRaised, lagMessages,
                    otherMessages.isEmpty() ? "" : ", other messages " + otherMessages));
            return line.toString();
        }
    }

    /** p50, p95 and max of the total and of each stage (nearest rank). */
    static final class Summary {

        private Summary() {
        }

        static void print(List<Run> runs, PrintStream out) {
            if (runs.isEmpty()) {
                return;
            }
            Map<String, List<Long>> columns = new LinkedHashMap<>();
            columns.put("fault -> robot", runs.stream().map(Run::total).toList());
            Map<String, List<Long>> stages = new HashMap<>();
            runs.forEach(run -> run.stages().forEach((stage, millis) ->
                    stages.computeIfAbsent(stage, key -> new ArrayList<>()).add(millis)));
            runs.get(0).stages().keySet().forEach(stage -> columns.put(stage, stages.get(stage)));
            out.printf("%n%-16s %8s %8s %8s%n", "ms over " + runs.size(), "p50", "p95", "max");
            columns.forEach((name, values) -> {
                List<Long> sorted = values.stream().sorted().toList();
                out.printf("%-16s %,8d %,8d %,8d%n", name, rank(sorted, 0.50), rank(sorted, 0.95), sorted.get(sorted.size() - 1));
            });
            out.printf("runs passing every check: %d of %d%n", runs.stream().filter(Run::passed).count(), runs.size());
        }

        private static long rank(List<Long> sorted, double quantile) {
            return sorted.get((int) Math.ceil(quantile * sorted.size()) - 1);
        }
    }
}
