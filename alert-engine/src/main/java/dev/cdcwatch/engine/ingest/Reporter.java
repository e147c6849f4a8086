package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.engine.store.Series;

import java.time.Instant;

/**
 * One reporter's state: the series of its latest batch (for staleness and, by raw key, for finding
 * them again) and its observed push interval.
 * Guarded by its own monitor; callers synchronise on it.
 */
final class Reporter {

    /** Weight of the newest interval in the moving average, so one late push does not halve the estimate. */
    private static final double INTERVAL_WEIGHT = 0.3;

    final String instance;
    String job;
    String host;
    long processStartMillis;
    long lastPushAtMillis;
    double intervalMillis = Double.NaN;
    Series[] lastSeries = new Series[0];
    /** Whether {@link #lastSeries} holds the distinct series that {@link #seriesKeys} holds by position. */
    boolean lastSeriesMatchKeys;
    final SeriesKeyCache seriesKeys = new SeriesKeyCache();
    boolean silent;

    Reporter(String instance) {
        this.instance = instance;
    }

    void forgetSeries() {
        lastSeries = new Series[0];
        lastSeriesMatchKeys = false;
    }

    void pushed(long nowMillis) {
        if (lastPushAtMillis > 0 && !silent) {
            double interval = nowMillis - lastPushAtMillis;
            intervalMillis = Double.isNaN(intervalMillis) ? interval : intervalMillis + INTERVAL_WEIGHT * (interval - intervalMillis);
        }
        lastPushAtMillis = nowMillis;
        silent = false;
    }

    /** Silence after which all series of this reporter go stale. */
    long staleAfterMillis(int intervals, long minMillis) {
        double interval = Double.isNaN(intervalMillis) ? minMillis : intervalMillis;
        return Math.max(minMillis, (long) (intervals * interval));
    }

    ReporterStatus status() {
        return new ReporterStatus(instance, job, host, Instant.ofEpochMilli(processStartMillis), Instant.ofEpochMilli(lastPushAtMillis),
                Double.isNaN(intervalMillis) ? null : intervalMillis / 1000.0, lastSeries.length, silent);
    }
}
