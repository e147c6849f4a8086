package dev.cdcwatch.bench.job;

import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.http.HttpReceiver;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * Not a test (Surefire skips it by name). Run with
 * {@code mvn -o -pl bench test -Dtest=JobThroughputBenchmark} (about 25 minutes).
 * <p>
 * Throughput of the reference job instrumented ({@code source.probes: true}, the cdc-watch reporter on its cluster,
 * pushing every second (its default; {@code bench.reporter.<option>} sets any of its options, e.g.
 * {@code bench.reporter.push.interval}) to a loopback HTTP receiver and scraped on
 * {@code /metrics} every {@code bench.scrape-interval}, 15 s as the Prometheus example in {@code dashboards/} scrapes)
 * against the plain job ({@code source.probes: false}, no reporter), both running at the same time, each in a JVM of
 * its own pinned to a core of its own ({@link ThroughputLane}: its own MariaDB server and Kafka broker, pinned with
 * it), as a TaskManager of one CPU.
 * <p>
 * The benchmark runs {@code bench.sessions} (6) sessions, each with new lanes: two JVMs compile the same hot code
 * differently (in one run the deserializer's loop took 15 % of the source thread in one JVM and 2 % in the other), so,
 * as JMH runs forks, only sessions are independent samples. In a session, each lane's server first gets the same
 * {@code bench.rows} (25 million) rows in a reset binlog; then both jobs are submitted at once and read that backlog
 * ({@code startup: earliest}) as fast as they can, each for the whole session, so that after the first
 * {@code bench.warmup} (90 s) each JVM's compiler has settled. From then on rows/s and CPU per row (lane JVM and
 * MariaDB) are measured in consecutive windows of {@code bench.window} (10 s) until one job has nine tenths of the rows;
 * at every window's end the lanes swap cores, so neither core favours a variant. The push receiver and the scraper
 * (the engine and Prometheus, which run elsewhere in production) run in this JVM, on neither lane's core only as far as
 * the scheduler allows. {@code bench.lane-jvm-options} replaces the lanes' JVM options ({@code -Xms4g -Xmx4g};
 * {@code {lane}} stands for the lane's name, e.g. in a JFR file name); {@code bench.instrumented=probes} or
 * {@code =reporter} measures one part of the instrumentation alone, {@code =none} runs an A/A comparison.
 */
class JobThroughputBenchmark {

    private static final int SESSIONS = Integer.getInteger("bench.sessions", 6);
    private static final int ROWS = Integer.getInteger("bench.rows", 25_000_000);
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmup", 90));
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.window", 10));
    /** As the Prometheus example in {@code dashboards/} scrapes. */
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(Long.getLong("bench.scrape-interval", 15));
    private static final double TARGET_PERCENT = 98;
    /** What the instrumented lane has on: probes, reporter or both (to tell their costs apart). */
    private static final Set<String> INSTRUMENTED = Set.of(System.getProperty("bench.instrumented", "probes,reporter").split(","));

    @Test
    void instrumentedJobAgainstThePlainJobEachOnACoreOfItsOwn() throws Exception {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            throw new IllegalStateException("the benchmark pins each lane to a core of its own and needs two cores");
        }
        List<List<WindowResult>> sessions = new ArrayList<>();
        try (HttpReceiver engine = HttpReceiver.start()) {
            for (int session = 1; session <= SESSIONS; session++) {
                List<WindowResult> windows = runSession(session, engine);
                sessions.add(windows);
                System.out.println("BENCH session " + session + ", instrumented/plain rows/s per window: "
                        + PairedRatios.of(windows.stream().map(WindowResult::throughputPercent).toList()));
            }
        }
        printSummary(sessions);
    }

    /** Fresh lanes (new JVMs, servers and brokers), the instrumented one starting on core 0 in odd sessions, on 1 in even ones. */
    private static List<WindowResult> runSession(int session, HttpReceiver engine) throws Exception {
        int metricsPort = FreePorts.find();
        Path logs = Path.of("target", "lanes");
        int instrumentedCore = 1 - session % 2;
        List<WindowResult> windows = new ArrayList<>();
        try (MetricsScraper scraper = MetricsScraper.start(metricsPort, SCRAPE_INTERVAL);
             LaneProcess instrumented = LaneProcess.start("instrumented-" + session, INSTRUMENTED.contains("probes"),
                     INSTRUMENTED.contains("reporter"), instrumentedCore, ROWS, engine.url("/api/v1/push"), metricsPort,
                     logs.resolve("instrumented-" + session + ".log"));
             LaneProcess plain = LaneProcess.start("plain-" + session, false, false, 1 - instrumentedCore, ROWS, "", 0,
                     logs.resolve("plain-" + session + ".log"));
             Admin instrumentedAdmin = admin(instrumented); Admin plainAdmin = admin(plain)) {
            List<LaneProcess> lanes = List.of(instrumented, plain);
            long loadStart = System.nanoTime();
            lanes.forEach(lane -> lane.send("LOAD"));
            lanes.forEach(lane -> lane.awaitReply("LOADED"));
            System.out.printf(Locale.ROOT, "BENCH session %d: loaded %,d rows into each lane's MariaDB in %.0f s%n", session, ROWS,
                    (System.nanoTime() - loadStart) / 1e9);
            lanes.forEach(lane -> lane.send("RUN " + lane.name()));
            List<String> topics = lanes.stream().map(lane -> lane.awaitReply("RUNNING").split(" ")[1]).toList();
            long runStart = System.nanoTime();
            Marker marker = () -> new LaneMark(System.nanoTime(), new long[] {rowsInKafka(instrumentedAdmin, List.of(topics.get(0)))[0],
                    rowsInKafka(plainAdmin, List.of(topics.get(1)))[0]}, lanes.stream().map(LaneProcess::cpu).toList(), CoreTicks.read(),
                    engine.requests().size(), scraper.scrapes());
            LaneMark start = marker.mark();
            for (int window = 0; ; window++) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, start.nanos() + WINDOW.toNanos() - System.nanoTime()));
                LaneMark end = marker.mark();
                if (LongStream.of(end.rows()).max().orElseThrow() >= ROWS * 9L / 10) {
                    break;
                }
                boolean warm = start.nanos() - runStart >= WARMUP.toNanos();
                WindowResult result = WindowResult.between(window, instrumentedCore, start, end);
                System.out.println("BENCH " + (warm ? "" : "warm-up ") + result.line());
                System.out.print("CPU-us/row by thread, session " + session + " window " + window + ":\n"
                        + WindowResult.cpuByThread(start, end, "instrumented", "plain"));
                if (warm) {
                    windows.add(result);
                }
                instrumentedCore = 1 - instrumentedCore;
                instrumented.pin(instrumentedCore);
                plain.pin(1 - instrumentedCore);
                engine.clear();
                start = marker.mark();
            }
            lanes.forEach(lane -> lane.send("STOP"));
            lanes.forEach(lane -> lane.awaitReply("STOPPED"));
        }
        if (windows.isEmpty()) {
            throw new IllegalStateException("no window after the warm-up in session " + session + ": raise bench.rows or lower bench.warmup");
        }
        return windows;
    }

    private interface Marker {
        LaneMark mark() throws Exception;
    }

    private static Admin admin(LaneProcess lane) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, lane.bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    /**
     * The verdict stands on the sessions' medians: windows of one session share its two JVMs' compiled code, which
     * differs from one JVM to the next, so only sessions are independent samples (as JMH's forks are).
     */
    private static void printSummary(List<List<WindowResult>> sessions) {
        List<WindowResult> windows = sessions.stream().flatMap(List::stream).toList();
        PairedRatios throughput = PairedRatios.of(sessions.stream()
                .map(session -> PairedRatios.of(session.stream().map(WindowResult::throughputPercent).toList()).median()).toList());
        PairedRatios equalCpu = PairedRatios.of(sessions.stream()
                .map(session -> PairedRatios.of(session.stream().map(WindowResult::equalCpuPercent).toList()).median()).toList());
        System.out.printf(Locale.ROOT, "BENCH median of %d windows in %d sessions: instrumented %.0f rows/s, plain %.0f rows/s (%.1f %%); "
                        + "CPU-us/row instrumented %.2f (off the record path %.3f), plain %.2f (%.1f %%); steal %.1f / %.1f %%%n",
                windows.size(), sessions.size(), median(windows, WindowResult::instrumentedRowsPerSecond),
                median(windows, WindowResult::plainRowsPerSecond),
                100 * median(windows, WindowResult::instrumentedRowsPerSecond) / median(windows, WindowResult::plainRowsPerSecond),
                median(windows, WindowResult::instrumentedCpuMicrosPerRow), median(windows, WindowResult::offPathCpuMicrosPerRow),
                median(windows, WindowResult::plainCpuMicrosPerRow),
                100 * median(windows, WindowResult::plainCpuMicrosPerRow) / median(windows, WindowResult::instrumentedCpuMicrosPerRow),
                median(windows, WindowResult::instrumentedStealPercent), median(windows, WindowResult::plainStealPercent));
        System.out.println("BENCH instrumented/plain rows/s, all windows: " + PairedRatios.of(windows.stream().map(WindowResult::throughputPercent).toList()));
        System.out.printf(Locale.ROOT, "BENCH instrumented/plain rows/s, geometric mean %.1f %%; with the instrumented lane on core 0 / on core 1 "
                        + "%.1f %% / %.1f %%%n", geometricMean(windows, -1), geometricMean(windows, 0), geometricMean(windows, 1));
        System.out.println("BENCH instrumented/plain rows/s, session medians: " + throughput);
        System.out.println("BENCH instrumented/plain at equal CPU, session medians: " + equalCpu);
        System.out.printf(Locale.ROOT, "BENCH verdict against >= %.0f %% (session medians): rows/s %s, at equal CPU %s%n", TARGET_PERCENT,
                throughput.verdict(TARGET_PERCENT), equalCpu.verdict(TARGET_PERCENT));
    }

    /** Geometric mean of the windows' rows/s ratios with the instrumented lane on {@code core}, or of all windows for -1. */
    private static double geometricMean(List<WindowResult> windows, int core) {
        return Math.exp(windows.stream().filter(window -> core < 0 || window.instrumentedCore() == core)
                .mapToDouble(window -> Math.log(window.throughputPercent())).average().orElse(Double.NaN));
    }

    private static double median(List<WindowResult> windows, ToDoubleFunction<WindowResult> value) {
        double[] sorted = windows.stream().mapToDouble(value).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Rows in each topic (sum of its partitions' end offsets), in the order given, read in one request. */
    static long[] rowsInKafka(Admin admin, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(topic -> topic.partitions().stream().map(p -> new TopicPartition(topic.name(), p.partition())))
                .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest()));
        Map<String, Long> rows = admin.listOffsets(partitions).all().get().entrySet().stream()
                .collect(Collectors.groupingBy(entry -> entry.getKey().topic(), Collectors.summingLong(entry -> entry.getValue().offset())));
        return topics.stream().mapToLong(rows::get).toArray();
    }
}
