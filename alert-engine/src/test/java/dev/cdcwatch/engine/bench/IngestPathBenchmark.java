package dev.cdcwatch.engine.bench;

import dev.cdcwatch.catalog.wire.BinaryBatchCodec;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.engine.ingest.BatchIngester;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.store.RetentionPlan;
import dev.cdcwatch.engine.store.SeriesStore;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;

/**
 * Not a test: the engine's ingest path without HTTP and without rules, {@code args: <series> <rounds> <threads> [binary|json]}.
 * The same gzip bodies as {@link EngineBenchmark} go through what {@code POST /api/v1/push} does after
 * reading the body: gunzip, decode, resolve series, append. Reporters are split over the threads; each
 * round's samples are one second of sample time after the last. Prints samples per second of wall time
 * and per CPU-second of the ingesting threads, for the first round (every series new) and later ones.
 */
public final class IngestPathBenchmark {

    private IngestPathBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int series = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        boolean binary = args.length <= 3 || !args[3].equals("json");
        int reporters = Math.max(1, series / EngineBenchmark.SERIES_PER_REPORTER);
        List<List<byte[]>> bodies = EngineBenchmark.encode(series, rounds, reporters, System.currentTimeMillis() - rounds * 1000L, true, binary);
        EngineMetrics metrics = new EngineMetrics();
        SeriesStore store = new SeriesStore(series * 2, 64, RetentionPlan.uniform(Duration.ofMinutes(5)), metrics);
        BatchIngester ingester = new BatchIngester(store, metrics, 3, Duration.ofMinutes(10), System::currentTimeMillis);
        PushBatchCodec json = new PushBatchCodec();
        BinaryBatchCodec binaryCodec = new BinaryBatchCodec();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        int perRound = reporters * (series / reporters);
        List<Double> wallRates = new ArrayList<>();
        List<Double> cpuRates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<byte[]> roundBodies = bodies.get(round);
            List<Future<Long>> cpuNanos = new ArrayList<>();
            long started = System.nanoTime();
            for (int thread = 0; thread < threads; thread++) {
                int first = thread;
                cpuNanos.add(pool.submit(() -> {
                    long cpuStarted = cpu.getCurrentThreadCpuTime();
                    for (int i = first; i < roundBodies.size(); i += threads) {
                        byte[] body = new GZIPInputStream(new ByteArrayInputStream(roundBodies.get(i))).readAllBytes();
                        ingester.ingest(binary ? binaryCodec.decodeForIngest(body) : json.decodeForIngest(body));
                    }
                    return cpu.getCurrentThreadCpuTime() - cpuStarted;
                }));
            }
            long totalCpu = 0;
            for (Future<Long> used : cpuNanos) {
                totalCpu += used.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("round %d%s: %.0f samples/s wall, %.0f samples per CPU-second%n", round + 1,
                    round == 0 ? " (new series)" : "", perRound / seconds, perRound / (totalCpu / 1e9));
            if (round > 0) {
                wallRates.add(perRound / seconds);
                cpuRates.add(perRound / (totalCpu / 1e9));
            }
        }
        System.out.printf("later rounds, median: %.0f samples/s wall, %.0f samples per CPU-second%n", median(wallRates), median(cpuRates));
        pool.shutdown();
        System.out.printf("series=%d%n", store.size());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
