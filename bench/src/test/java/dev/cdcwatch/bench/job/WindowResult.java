package dev.cdcwatch.bench.job;

import java.util.Locale;
import java.util.Map;

/**
 * One window between two marks. CPU in microseconds per row delivered in the window, of each lane's JVM (job, cluster,
 * broker; the instrumented one's including its reporter and probe threads, also given alone as off the record path) and
 * its MariaDB server. Steal and idle are those of each lane's core.
 */
record WindowResult(int window, int instrumentedCore, double seconds, long instrumentedRowsAtStart, long plainRowsAtStart,
                    double instrumentedRowsPerSecond, double plainRowsPerSecond, double instrumentedCpuMicrosPerRow,
                    double offPathCpuMicrosPerRow, double plainCpuMicrosPerRow, double instrumentedStealPercent,
                    double plainStealPercent, double instrumentedIdlePercent, double plainIdlePercent, int pushes, long scrapes) {

    static WindowResult between(int window, int instrumentedCore, LaneMark start, LaneMark end) {
        int plainCore = 1 - instrumentedCore;
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        long instrumentedRows = end.rows()[0] - start.rows()[0];
        long plainRows = end.rows()[1] - start.rows()[1];
        return new WindowResult(window, instrumentedCore, seconds, start.rows()[0], start.rows()[1],
                instrumentedRows / seconds, plainRows / seconds,
                micros(laneNanos(start, end, 0), instrumentedRows), micros(end.cpu().get(0).offPathNanosSince(start.cpu().get(0)), instrumentedRows),
                micros(laneNanos(start, end, 1), plainRows),
                end.cores().get(instrumentedCore).stealPercentSince(start.cores().get(instrumentedCore)),
                end.cores().get(plainCore).stealPercentSince(start.cores().get(plainCore)),
                end.cores().get(instrumentedCore).idlePercentSince(start.cores().get(instrumentedCore)),
                end.cores().get(plainCore).idlePercentSince(start.cores().get(plainCore)),
                end.pushes() - start.pushes(), end.scrapes() - start.scrapes());
    }

    /** Each lane's threads by name (numbers as N) with their CPU-us per row between the marks, largest first. */
    static String cpuByThread(LaneMark start, LaneMark end, String... laneNames) {
        StringBuilder text = new StringBuilder();
        for (int lane = 0; lane < laneNames.length; lane++) {
            long laneRows = end.rows()[lane] - start.rows()[lane];
            text.append(laneNames[lane]).append(':');
            end.cpu().get(lane).threadNanosSince(start.cpu().get(lane)).entrySet().stream()
                    .filter(thread -> micros(thread.getValue(), laneRows) >= 0.01)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(thread -> text.append(String.format(Locale.ROOT, " %s %.2f;", thread.getKey(), micros(thread.getValue(), laneRows))));
            text.append('\n');
        }
        return text.toString();
    }

    double throughputPercent() {
        return 100 * instrumentedRowsPerSecond / plainRowsPerSecond;
    }

    /** The instrumented job's throughput at equal CPU, as a share of the plain job's. */
    double equalCpuPercent() {
        return 100 * plainCpuMicrosPerRow / instrumentedCpuMicrosPerRow;
    }

    /** A Markdown table row, as BENCHMARKS.md shows the windows. */
    String line() {
        return String.format(Locale.ROOT, "| %d | %d | %.1f s from %,d / %,d | %,.0f | %,.0f | **%.1f %%** | %.2f (%.3f) | %.2f | %.1f %% "
                        + "| %.1f / %.1f %% | %.1f / %.1f %% | %d / %d |",
                window, instrumentedCore, seconds, instrumentedRowsAtStart, plainRowsAtStart, instrumentedRowsPerSecond, plainRowsPerSecond,
                throughputPercent(), instrumentedCpuMicrosPerRow, offPathCpuMicrosPerRow, plainCpuMicrosPerRow, equalCpuPercent(),
                instrumentedStealPercent, plainStealPercent, instrumentedIdlePercent, plainIdlePercent, pushes, scrapes);
    }

    private static long laneNanos(LaneMark start, LaneMark end, int lane) {
        LaneCpu from = start.cpu().get(lane);
        LaneCpu to = end.cpu().get(lane);
        return to.jvmNanos() - from.jvmNanos() + to.mariadbNanos() - from.mariadbNanos();
    }

    private static double micros(long nanos, long rows) {
        return nanos / 1e3 / rows;
    }
}
