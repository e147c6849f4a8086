package dev.cdcwatch.bench.job;

import dev.cdcwatch.testkit.http.HttpReceiver;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;

/**
 * Fed each reading of both topics' row counts (instrumented first), it marks the common window: from the first
 * reading in which both have a tenth of the rows to the first in which one has nine tenths. At each mark it reads
 * CPU (threads, mariadbd, machine) and the push and scrape counts.
 */
final class WindowRecorder {

    private record Mark(long nanos, long[] rows, ThreadCpu cpu, long[] mariadbNanos, int pushes, long scrapes) {
    }

    private final List<Lane> lanes;
    private final long rows;
    private final HttpReceiver engine;
    private final MetricsScraper scraper;
    private Mark start;
    private Mark end;

    WindowRecorder(List<Lane> lanes, long rows, HttpReceiver engine, MetricsScraper scraper) {
        this.lanes = lanes;
        this.rows = rows;
        this.engine = engine;
        this.scraper = scraper;
    }

    /** True once the window has ended. */
    boolean observe(long[] rowsNow) {
        long slowest = LongStream.of(rowsNow).min().orElseThrow();
        long fastest = LongStream.of(rowsNow).max().orElseThrow();
        if (start == null && slowest >= rows / 10) {
            if (fastest >= rows * 9 / 10) {
                throw new IllegalStateException("no common window: one job had " + fastest + " rows when the other reached "
                        + slowest + "; raise bench.rows");
            }
            start = mark(rowsNow);
        } else if (start != null && fastest >= rows * 9 / 10) {
            end = mark(rowsNow);
        }
        return end != null;
    }

    private Mark mark(long[] rowsNow) {
        long nanos = System.nanoTime();
        ThreadCpu cpu = ThreadCpu.now();
        long[] mariadb = lanes.stream().mapToLong(lane -> ThreadCpu.processNanos(lane.mariadbPid())).toArray();
        return new Mark(nanos, rowsNow.clone(), cpu, mariadb, engine.requests().size(), scraper.scrapes());
    }

    RoundResult result(int round, String instrumentedServer) {
        Lane instrumented = lanes.get(0);
        Lane plain = lanes.get(1);
        double seconds = (end.nanos - start.nanos) / 1e9;
        long instrumentedRows = end.rows[0] - start.rows[0];
        long plainRows = end.rows[1] - start.rows[1];
        long offPath = end.cpu.nanosSince(start.cpu, (id, name) -> instrumented.owns(id, name) && Lane.offRecordPath(name));
        long shared = end.cpu.nanosSince(start.cpu, (id, name) -> !instrumented.owns(id, name) && !plain.owns(id, name));
        return new RoundResult(round, instrumentedServer, seconds, start.rows[0], start.rows[1],
                instrumentedRows / seconds, plainRows / seconds,
                micros(end.cpu.nanosSince(start.cpu, instrumented::owns), instrumentedRows), micros(offPath, instrumentedRows),
                micros(end.cpu.nanosSince(start.cpu, plain::owns), plainRows),
                micros(end.mariadbNanos[0] - start.mariadbNanos[0], instrumentedRows), micros(end.mariadbNanos[1] - start.mariadbNanos[1], plainRows),
                micros(shared, instrumentedRows + plainRows),
                end.cpu.stealPercentSince(start.cpu), end.cpu.idlePercentSince(start.cpu),
                end.pushes - start.pushes, end.scrapes - start.scrapes);
    }

    /** Each lane's threads, and those of neither, by name (numbers as N) with their CPU-us per row in the window, largest first. */
    String cpuByThread() {
        StringBuilder text = new StringBuilder();
        for (int lane = 0; lane <= lanes.size(); lane++) {
            Lane owner = lane < lanes.size() ? lanes.get(lane) : null;
            long laneRows = owner == null ? (end.rows[0] - start.rows[0]) + (end.rows[1] - start.rows[1]) : end.rows[lane] - start.rows[lane];
            Map<String, Long> byName = new TreeMap<>();
            end.cpu.nanosById().forEach((id, nanos) -> {
                String name = end.cpu.names().get(id);
                boolean mine = owner == null ? lanes.stream().noneMatch(other -> other.owns(id, name)) : owner.owns(id, name);
                if (mine) {
                    byName.merge(name.replaceAll("\\d+", "N"), nanos - start.cpu.nanosById().getOrDefault(id, 0L), Long::sum);
                }
            });
            text.append(owner == null ? "neither" : owner.variant().name()).append(':');
            byName.entrySet().stream().filter(thread -> micros(thread.getValue(), laneRows) >= 0.01)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(thread -> text.append(String.format(Locale.ROOT, " %s %.2f;", thread.getKey(), micros(thread.getValue(), laneRows))));
            text.append('\n');
        }
        return text.toString();
    }

    private static double micros(long nanos, long rows) {
        return nanos / 1e3 / rows;
    }
}
