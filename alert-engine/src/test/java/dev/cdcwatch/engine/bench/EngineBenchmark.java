package dev.cdcwatch.engine.bench;

import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.BinaryBatchEncoder;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.Engine;
import dev.cdcwatch.engine.config.EngineConfigLoader;
import dev.cdcwatch.testkit.TempDirs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * Not a test: measures the engine with the default rules loaded. {@code args: <series> <rounds> [gzip|plain] [rules|no-rules] [binary|json]}.
 * Pushes {@code series} series (metrics the default rules read, operator-scoped labels) from
 * reporters of 5,000 series each, over real HTTP on loopback, {@code rounds} times one second of
 * sample time apart, while the rules evaluate every second. Prints samples/s over HTTP (decode,
 * validate, store) and heap per live series after a forced GC. See BENCHMARKS.md for the command.
 */
public final class EngineBenchmark {

    static final int SERIES_PER_REPORTER = 5000;
    private static final List<String> METRICS = List.of(
            "cdc_source_emit_event_time_lag_milliseconds", "cdc_source_fetch_event_time_lag_milliseconds", "cdc_source_idle_time_milliseconds",
            "cdc_debezium_connected", "cdc_debezium_disconnects_total", "cdc_debezium_queue_remaining_capacity",
            "cdc_debezium_queue_total_capacity", "flink_sink_record_send_errors_total", "flink_operator_records_out_total",
            "flink_job_uptime_milliseconds");

    private EngineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        boolean gzip = args.length <= 2 || !args[2].equals("plain");
        boolean rules = args.length <= 3 || !args[3].equals("no-rules");
        boolean binary = args.length <= 4 || !args[4].equals("json");
        Path dataDir = TempDirs.create("cdcwatch-engine-bench");
        String yaml = """
                server: {host: 127.0.0.1, port: 0}
                data-dir: %s
                auth: {enabled: false}
                store: {max-series: %d}
                # A round of 1M series takes longer than the default 5 s staleness; the rounds' sample times are in the past.
                ingest: {min-stale-after: 10m}
                %s
                """.formatted(dataDir, series * 2, rules ? "" : "rules: {files: []}");
        long base = System.currentTimeMillis() - rounds * 1000L - 5000;
        int reporters = Math.max(1, series / SERIES_PER_REPORTER);
        System.out.printf("encoding %d rounds of %d series from %d reporters%n", rounds, series, reporters);
        List<byte[]> bodies = new ArrayList<>();
        encode(series, rounds, reporters, base, gzip, binary).forEach(bodies::addAll);
        long bodyBytes = bodies.stream().mapToLong(body -> body.length + 16L).sum();
        try (Engine engine = Engine.start(new EngineConfigLoader(name -> null).parse(yaml))) {
            // The encoded bodies are live now and freed before the second reading; count them out.
            long heapBefore = liveHeapBytes() - bodyBytes;
            // HTTP/1.1 as the reporter sends (the JDK client would otherwise upgrade to cleartext HTTP/2).
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI push = URI.create("http://127.0.0.1:" + engine.port() + "/api/v1/push");
            AtomicLong samples = new AtomicLong();
            // Round 0 creates every series; rounds up to the warm-up's end let the JIT compile the paths and the rings grow.
            int warmup = Math.max(1, rounds / 4);
            Mark start = Mark.now();
            Mark firstRoundDone = null;
            Mark warm = null;
            for (int round = 0; round < rounds; round++) {
                if (round == 1) {
                    firstRoundDone = Mark.now();
                }
                if (round == warmup) {
                    warm = Mark.now();
                }
                // Reporters of one round push in parallel; rounds follow each other, as sample time does.
                List<byte[]> roundBodies = bodies.subList(round * reporters, (round + 1) * reporters);
                ExecutorService senders = Executors.newFixedThreadPool(2);
                List<Future<?>> sent = new ArrayList<>();
                for (byte[] body : roundBodies) {
                    sent.add(senders.submit(() -> {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(push).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                .header("Content-Encoding", gzip ? "gzip" : "identity")
                                .header("Content-Type", binary ? BinaryBatchCodec.CONTENT_TYPE : PushBatchCodec.CONTENT_TYPE)
                                .build(), HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(response.statusCode() + " " + response.body());
                        }
                        samples.addAndGet(series / reporters);
                        return null;
                    }));
                }
                for (Future<?> future : sent) {
                    future.get();
                }
                senders.shutdown();
            }
            Mark end = Mark.now();
            bodies.clear();
            long heapAfter = liveHeapBytes();
            String metrics = engine.metrics().scrape();
            int perRound = reporters * (series / reporters);
            long steadySamples = (long) perRound * (rounds - warmup);
            System.out.printf("series=%d rounds=%d (warm-up %d) gzip=%s rules=%s binary=%s samples=%d%n", engine.store().size(), rounds, warmup,
                    gzip, rules, binary, samples.get());
            System.out.printf("first round (creates every series): %.0f samples/s; after warm-up (known series): %.0f samples/s%n",
                    perRound / firstRoundDone.secondsSince(start), steadySamples / end.secondsSince(warm));
            // Includes the JDK HttpClient sending from this JVM, so it overstates the engine's own share.
            double steadyCpu = end.cpuSecondsSince(warm);
            System.out.printf("process CPU after warm-up: %.1f s, %.2f CPU-seconds per 1M samples%n", steadyCpu, steadyCpu / steadySamples * 1e6);
            Map<String, Long> threadCpu = end.threadCpuSince(warm);
            double threadSeconds = threadCpu.values().stream().mapToLong(Long::longValue).sum() / 1e9;
            System.out.printf("after warm-up, CPU by thread (the rest, %.1f s, is the JVM's own; GC pauses took %.1f s, JIT %.1f s):%n",
                    steadyCpu - threadSeconds, (end.gcMillis() - warm.gcMillis()) / 1e3, (end.jitMillis() - warm.jitMillis()) / 1e3);
            threadCpu.forEach((name, nanos) -> {
                if (nanos > 50_000_000) {
                    System.out.printf("  %-40s %.1f s%n", name, nanos / 1e9);
                }
            });
            System.out.printf("heap per live series: %.0f bytes (live heap %d MiB -> %d MiB)%n",
                    (heapAfter - heapBefore) / (double) engine.store().size(), heapBefore >> 20, heapAfter >> 20);
            metrics.lines().filter(line -> line.startsWith("cdcwatch_engine_rule_group_evaluation_seconds_sum")
                    || line.startsWith("cdcwatch_engine_rule_group_evaluation_seconds_count")
                    || line.startsWith("cdcwatch_engine_samples_out_of_order_total")).forEach(System.out::println);
        } finally {
            TempDirs.delete(dataDir);
        }
    }

    private static PushBatch batch(int reporter, int count, long timestamp) {
        List<WireSample> samples = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = reporter * count + i;
            samples.add(new WireSample(METRICS.get(id % METRICS.size()), Map.of(
                    "job", "job-" + (id / 2000), "host", "tm-" + reporter, "task", "Source: mysql-cdc",
                    "operator", "Source:_mysql-cdc", "subtask", Integer.toString(id / METRICS.size())), id % 97, timestamp));
        }
        return new PushBatch(1, new ReporterIdentity("bench", "tm-" + reporter, "tm-" + reporter + ":9250", 1L), samples);
    }

    /**
     * Per round, one body per reporter: its share of the series, at the round's sample time. Binary
     * bodies come from one encoder per reporter, whose symbol table lives across rounds as a reporter's does.
     */
    static List<List<byte[]>> encode(int series, int rounds, int reporters, long base, boolean gzip, boolean binary) throws IOException {
        PushBatchCodec codec = new PushBatchCodec();
        List<BinaryBatchEncoder> encoders = new ArrayList<>();
        for (int reporter = 0; reporter < reporters; reporter++) {
            encoders.add(new BinaryBatchEncoder());
        }
        List<List<byte[]>> bodies = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<byte[]> roundBodies = new ArrayList<>();
            for (int reporter = 0; reporter < reporters; reporter++) {
                PushBatch batch = batch(reporter, series / reporters, base + round * 1000L);
                byte[] body = binary ? encoders.get(reporter).encode(batch.reporter(), batch.samples()) : codec.encode(batch);
                roundBodies.add(gzip ? gzip(body) : body);
            }
            bodies.add(roundBodies);
        }
        return bodies;
    }

    /** As the reporter sends its batches. */
    private static byte[] gzip(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 8);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }

    /** Wall time, process CPU, CPU per thread name, GC pause and JIT time at one moment. */
    private record Mark(long nanos, long cpuNanos, Map<String, Long> threadCpu, long gcMillis, long jitMillis) {

        static Mark now() {
            long gc = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
            return new Mark(System.nanoTime(), processCpuNanos(), threadCpuByName(), gc,
                    ManagementFactory.getCompilationMXBean().getTotalCompilationTime());
        }

        double secondsSince(Mark earlier) {
            return (nanos - earlier.nanos) / 1e9;
        }

        double cpuSecondsSince(Mark earlier) {
            return (cpuNanos - earlier.cpuNanos) / 1e9;
        }

        Map<String, Long> threadCpuSince(Mark earlier) {
            Map<String, Long> since = new java.util.TreeMap<>(threadCpu);
            earlier.threadCpu.forEach((name, cpu) -> since.merge(name, -cpu, Long::sum));
            return since;
        }

        /** CPU time of this JVM's threads by name, numbers left out (vert.x-worker-thread-3 counts as vert.x-worker-thread-N). */
        private static Map<String, Long> threadCpuByName() {
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Map<String, Long> byName = new java.util.TreeMap<>();
            for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                long cpu = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
                if (cpu > 0) {
                    byName.merge(info.getThreadName().replaceAll("\\d+", "N"), cpu, Long::sum);
                }
            }
            return byName;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Bytes of live objects, from a full-GC class histogram of this JVM (jcmd), which counts objects rather than heap regions. */
    private static long liveHeapBytes() throws IOException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        String histogram = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return histogram.lines().filter(line -> line.startsWith("Total")).map(line -> line.trim().split("\\s+"))
                .mapToLong(fields -> Long.parseLong(fields[2])).findFirst()
                .orElseThrow(() -> new IllegalStateException("no class histogram from jcmd: " + histogram));
    }
}
