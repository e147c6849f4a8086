package dev.cdcwatch.bench;

import dev.cdcwatch.reporter.CdcWatchReporter;
import dev.cdcwatch.reporter.CdcWatchReporterFactory;
import dev.cdcwatch.reporter.config.PushFormat;
import dev.cdcwatch.reporter.exposition.ScrapeRenderer;
import dev.cdcwatch.reporter.push.BatchEncoder;
import io.prometheus.client.exporter.common.TextFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Cost of one report/scrape cycle: cdc-watch's reporter against Flink's own PrometheusReporter, both attached to
 * one Flink metric registry holding the same metrics, in one JVM.
 *
 * <ul>
 *   <li>{@code *Scrape}: the work one Prometheus scrape costs the reporting process, rendered in process on the
 *       benchmark thread (text format, then gzip as Prometheus requests it), so the time is that thread's CPU
 *       time. Flink's is rendered as its HTTP handler renders it.</li>
 *   <li>{@code *HttpScrape}: a real GET /metrics over loopback with {@code Accept-Encoding: gzip}, client included
 *       (wall time; the server renders on its own thread).</li>
 *   <li>{@code cdcwatchPush}: what cdc-watch does every push.interval besides: read every series, encode, gzip
 *       (without the POST), in the default binary format. Flink's PrometheusReporter has no such step.</li>
 * </ul>
 * cdc-watch runs with {@code exclude} empty, so it exposes the same metrics as Flink's reporter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
// TCP_NODELAY for both HTTP servers (JDK HttpServer), else each scrape waits out the client's delayed ACK.
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true"})
public class ReporterCycleBenchmark {

    @Param({"1000", "10000"})
    public int metrics;

    private MetricSet set;
    private FlinkPrometheusPeer flink;
    private CdcWatchReporter cdcwatch;
    private ScrapeRenderer renderer;
    private final BatchEncoder encoder = new BatchEncoder(PushFormat.BINARY);
    private URL flinkUrl;
    private URL cdcwatchUrl;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Properties flinkOptions = new Properties();
        flinkOptions.setProperty("port", Integer.toString(freePort()));
        flink = FlinkPrometheusPeer.load(flinkOptions);
        Properties cdcwatchOptions = new Properties();
        cdcwatchOptions.setProperty("port", Integer.toString(freePort()));
        cdcwatchOptions.setProperty("exclude", "");
        cdcwatch = (CdcWatchReporter) new CdcWatchReporterFactory().createMetricReporter(cdcwatchOptions);
        set = new MetricSet(metrics, List.of(MetricSet.setup("prometheus", flink.reporter(), flinkOptions),
                MetricSet.setup("cdcwatch", cdcwatch, cdcwatchOptions)));
        renderer = new ScrapeRenderer(cdcwatch.collectorRegistry());
        flinkUrl = URI.create("http://127.0.0.1:" + flinkOptions.getProperty("port") + "/metrics").toURL();
        cdcwatchUrl = URI.create("http://127.0.0.1:" + cdcwatch.port() + "/metrics").toURL();

        int flinkGzipped = flink.scrape();
        ScrapeRenderer.Body ours = renderer.render(TextFormat.CONTENT_TYPE_004, null, false);
        int oursText = ours.length();
        int oursGzipped = renderer.render(TextFormat.CONTENT_TYPE_004, null, true).length();
        System.out.printf("%n[metric set] %d Flink metrics registered; cdc-watch series %d; scrape body: Flink %d bytes (%d gzipped),"
                        + " cdc-watch %d bytes (%d gzipped); push batch %d bytes gzipped%n",
                set.metrics(), cdcwatch.seriesCount(), flink.uncompressedSize(), flinkGzipped, oursText, oursGzipped,
                cdcwatch.takePushBatch(encoder).body().length);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        set.close();
    }

    @Benchmark
    public int flinkScrape() throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        int size = flink.scrape();
        cpu(start);
        return size;
    }

    @Benchmark
    public int cdcwatchScrape() throws Exception {
        long start = THREADS.getCurrentThreadCpuTime();
        int size = renderer.render(TextFormat.CONTENT_TYPE_004, null, true).length();
        cpu(start);
        return size;
    }

    @Benchmark
    public int cdcwatchPush() {
        long start = THREADS.getCurrentThreadCpuTime();
        int size = cdcwatch.takePushBatch(encoder).body().length;
        cpu(start);
        return size;
    }

    // Thread CPU time of the in-process benchmarks, per iteration: unlike wall time it does not count time the
    // thread waited for a core, so it holds on a busy 2-core machine.
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long cpuNanos;
    private long cpuOps;
    private final List<Double> cpuMicrosPerOp = new ArrayList<>();

    private void cpu(long start) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpuOps++;
    }

    @Setup(Level.Iteration)
    public void resetCpu() {
        cpuNanos = 0;
        cpuOps = 0;
    }

    @TearDown(Level.Iteration)
    public void recordCpu() {
        if (cpuOps > 0) {
            cpuMicrosPerOp.add(cpuNanos / 1000.0 / cpuOps);
        }
    }

    @TearDown(Level.Trial)
    public void printCpu(BenchmarkParams params) {
        if (cpuMicrosPerOp.isEmpty()) {
            return;
        }
        int warmups = params.getWarmup().getCount();
        List<Double> measured = new ArrayList<>(cpuMicrosPerOp.subList(Math.min(warmups, cpuMicrosPerOp.size() - 1), cpuMicrosPerOp.size()));
        Collections.sort(measured);
        System.out.printf("%n[cpu] %s metrics=%d thread CPU us/op: median %.1f, min %.1f, max %.1f over %d iterations%n",
                params.getBenchmark().replaceAll(".*\\.", ""), metrics, measured.get(measured.size() / 2), measured.get(0),
                measured.get(measured.size() - 1), measured.size());
    }

    @Benchmark
    public int flinkHttpScrape() throws Exception {
        return get(flinkUrl);
    }

    @Benchmark
    public int cdcwatchHttpScrape() throws Exception {
        return get(cdcwatchUrl);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A GET as Prometheus sends it (gzip accepted); the body is read, not unzipped. */
    private static int get(URL url) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setRequestProperty("Accept-Encoding", "gzip");
        try (InputStream body = connection.getInputStream()) {
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException(url + " answered " + connection.getResponseCode());
            }
            return body.readAllBytes().length;
        }
    }
}
