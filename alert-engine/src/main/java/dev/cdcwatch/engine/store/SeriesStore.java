package dev.cdcwatch.engine.store;

import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.series.LabelMatcher;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.series.SeriesSource;
import dev.cdcwatch.engine.series.StaleMarker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The in-memory series store the rules read. Each series keeps the samples its metric's
 * {@link RetentionPlan} asks for (what the loaded rules read, plus a margin). The number of
 * series is bounded: writers reserve room for new series before creating them, so a batch either
 * fits as a whole or is refused. Series whose newest sample is older than the retention are removed.
 */
public final class SeriesStore implements SeriesSource {

    /** Past this many distinct strings, new label strings are no longer shared; it bounds the interner itself. */
    private static final int MAX_INTERNED = 1_000_000;

    private final ConcurrentHashMap<Labels, Series> series = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SeriesList> byMetricName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> interned = new ConcurrentHashMap<>();
    private final AtomicInteger reserved = new AtomicInteger();
    private final int maxSeries;
    private final int maxSamplesPerSeries;
    private final RetentionPlan retention;
    private final EngineMetrics metrics;

    public SeriesStore(int maxSeries, int maxSamplesPerSeries, RetentionPlan retention, EngineMetrics metrics) {
        this.maxSeries = maxSeries;
        this.maxSamplesPerSeries = maxSamplesPerSeries;
        this.retention = retention;
        this.metrics = metrics;
        metrics.gauge("cdcwatch_engine_series", "Series held in the in-memory store", series::size);
    }

    /** The longest any metric's samples stay. */
    public Duration retention() {
        return retention.longest();
    }

    public int maxSeries() {
        return maxSeries;
    }

    public int size() {
        return series.size();
    }

    /** The series with exactly these labels, or null. */
    public Series find(Labels labels) {
        return series.get(labels);
    }

    /** Reserves room for {@code count} new series; false when the store would exceed its limit. */
    public boolean reserve(int count) {
        while (true) {
            int current = reserved.get();
            if (current + count > maxSeries) {
                return false;
            }
            if (reserved.compareAndSet(current, current + count)) {
                return true;
            }
        }
    }

    /** Gives back reservations that were not used. */
    public void release(int count) {
        reserved.addAndGet(-count);
    }

    /** Creates a series within an earlier {@link #reserve reservation}; returns the existing one if another writer was first. */
    public Series create(Labels labels) {
        String metric = labels.metricName();
        Series created = new Series(intern(labels), retention.retentionMillis(metric), retention.seriesLifeMillis(metric));
        Series existing = series.putIfAbsent(created.labels, created);
        if (existing != null) {
            release(1);
            return existing;
        }
        String name = created.labels.metricName();
        byMetricName.computeIfAbsent(name == null ? "" : name, key -> new SeriesList()).add(created);
        return created;
    }

    private Labels intern(Labels labels) {
        return labels.withStrings(this::intern);
    }

    private String intern(String text) {
        if (interned.size() >= MAX_INTERNED) {
            String known = interned.get(text);
            return known == null ? text : known;
        }
        return interned.computeIfAbsent(text, key -> key);
    }

    /** Appends a sample; false when it is not newer than the series' last sample (counted as out of order). */
    public boolean append(Series target, long timestampMillis, double value) {
        if (target.append(timestampMillis, value, maxSamplesPerSeries)) {
            return true;
        }
        metrics.samplesOutOfOrder.inc();
        return false;
    }

    /** Ends a series with a staleness marker at {@code atMillis}, or just after its last sample if that is later. */
    public void markStale(Series target, long atMillis) {
        long last = target.lastTimestamp();
        if (last == Long.MIN_VALUE || StaleMarker.is(lastValue(target, last))) {
            return;
        }
        if (target.append(Math.max(atMillis, last + 1), StaleMarker.VALUE, maxSamplesPerSeries)) {
            metrics.staleMarkers.inc();
        }
    }

    private static double lastValue(Series target, long last) {
        RangeSeries tail = target.range(last - 1, last);
        return tail == null ? Double.NaN : tail.values()[tail.size() - 1];
    }

    /** Removes series whose last sample is older than their life (retention, at least lookback delta plus margin). */
    public int removeExpired(long nowMillis) {
        int removed = 0;
        Map<String, Set<Series>> removedByName = new HashMap<>();
        for (Series candidate : series.values()) {
            if (candidate.lastTimestamp() < nowMillis - candidate.lifeMillis() && series.remove(candidate.labels, candidate)) {
                candidate.markRemoved();
                String name = candidate.labels.metricName();
                removedByName.computeIfAbsent(name == null ? "" : name, key -> new HashSet<>()).add(candidate);
                release(1);
                removed++;
            }
        }
        // One copy per metric name, however many of its series expired together.
        removedByName.forEach((name, gone) -> {
            SeriesList named = byMetricName.get(name);
            if (named != null) {
                named.removeAll(gone);
            }
        });
        metrics.seriesRemoved.inc(removed);
        return removed;
    }

    @Override
    public List<RangeSeries> select(List<LabelMatcher> matchers, long fromExclusiveMillis, long toInclusiveMillis) {
        return select(matchers, series -> series.range(fromExclusiveMillis, toInclusiveMillis));
    }

    @Override
    public List<RangeSeries> selectLatest(List<LabelMatcher> matchers, long fromExclusiveMillis, long toInclusiveMillis) {
        return select(matchers, series -> series.latest(fromExclusiveMillis, toInclusiveMillis));
    }

    private List<RangeSeries> select(List<LabelMatcher> matchers, Function<Series, RangeSeries> samples) {
        LabelMatcher byName = LabelMatcher.exactMetricName(matchers);
        List<RangeSeries> selected = new ArrayList<>();
        Consumer<Series> collect = candidate -> {
            if (!candidate.isRemoved() && matchesAll(matchers, byName, candidate.labels)) {
                RangeSeries range = samples.apply(candidate);
                if (range != null) {
                    selected.add(range);
                }
            }
        };
        if (byName == null) {
            series.values().forEach(collect);
        } else {
            SeriesList named = byMetricName.get(byName.value());
            if (named != null) {
                named.forEach(collect);
            }
        }
        return selected;
    }

    /** Whether the labels pass every matcher but {@code indexed}, which the candidates were chosen by. */
    private static boolean matchesAll(List<LabelMatcher> matchers, LabelMatcher indexed, Labels labels) {
        for (LabelMatcher matcher : matchers) {
            if (matcher != indexed && !matcher.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
