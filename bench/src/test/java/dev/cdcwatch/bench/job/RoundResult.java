package dev.cdcwatch.bench.job;

import java.util.Locale;

/**
 * One round's common window. CPU in microseconds per row delivered in the window: each variant's own threads (the
 * instrumented one's including its reporter and probe threads, also given alone as off the record path), its MariaDB
 * server, and the threads of neither (Kafka broker, this benchmark) per row of both.
 */
record RoundResult(int round, String instrumentedServer, double seconds, long instrumentedRowsAtStart,
                   long plainRowsAtStart, double instrumentedRowsPerSecond, double plainRowsPerSecond,
                   double instrumentedCpuMicrosPerRow, double offPathCpuMicrosPerRow, double plainCpuMicrosPerRow,
                   double instrumentedMariadbMicrosPerRow, double plainMariadbMicrosPerRow, double sharedCpuMicrosPerRow,
                   double stealPercent, double idlePercent, int pushes, long scrapes) {

    double throughputPercent() {
        return 100 * instrumentedRowsPerSecond / plainRowsPerSecond;
    }

    /** The instrumented job's throughput at equal CPU, as a share of the plain job's. */
    double equalCpuPercent() {
        return 100 * plainCpuMicrosPerRow / instrumentedCpuMicrosPerRow;
    }

    /** A Markdown table row, as BENCHMARKS.md shows the rounds. */
    String line() {
        return String.format(Locale.ROOT, "| %s | %s | %.1f s from %,d / %,d | %,.0f | %,.0f | **%.1f %%** | %.2f (%.3f) | %.2f | %.1f %% "
                        + "| %.2f / %.2f | %.2f | %.0f %% / %.0f %% | %d / %d |",
                round > 0 ? Integer.toString(round) : "warm-up", instrumentedServer, seconds, instrumentedRowsAtStart,
                plainRowsAtStart, instrumentedRowsPerSecond, plainRowsPerSecond, throughputPercent(), instrumentedCpuMicrosPerRow,
                offPathCpuMicrosPerRow, plainCpuMicrosPerRow, equalCpuPercent(), instrumentedMariadbMicrosPerRow, plainMariadbMicrosPerRow,
                sharedCpuMicrosPerRow, stealPercent, idlePercent, pushes, scrapes);
    }
}
