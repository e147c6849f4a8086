package dev.cdcwatch.reporter.series;

import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.reporter.naming.MetricName;
import dev.cdcwatch.reporter.naming.ResolvedLabels;
import io.prometheus.client.Collector.MetricFamilySamples.Sample;
import org.apache.flink.metrics.Metric;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The series the reporter exposes and pushes. Flink adds and removes metrics (serialised by its metric registry,
 * and by this class's lock); scrapes and pushes read concurrently without locking.
 *
 * <p>A series' last value is read when Flink removes it and goes out with the next push. A failing task
 * removes its metrics at once, and what made it fail (a disconnect counted just before, an error counter)
 * would otherwise never reach the engine.
 */
public final class SeriesRegistry {

    /** Bounds the last values kept between two pushes, should a job remove many metrics at once. */
    private static final int MAX_FINAL_SAMPLES = 10_000;

    /** What became of a metric Flink added. */
    public enum Added { NEW_SERIES, SHADOWS_EXISTING, KIND_CONFLICT }

    private final Predicate<String> pushed;
    private final ConcurrentSkipListMap<String, Family> families = new ConcurrentSkipListMap<>();
    private final Map<String, Integer> metricsByJob = new HashMap<>();
    private volatile int seriesCount;
    private volatile String jobNames = "";
    private final ArrayDeque<WireSample> finalSamples = new ArrayDeque<>();

    /** {@code pushed} tells, by exposed name, which families go into push batches; asked once per family. */
    public SeriesRegistry(Predicate<String> pushed) {
        this.pushed = pushed;
    }

    public synchronized Added add(Metric metric, MetricName name, ResolvedLabels labels, String jobName) {
        Family family = families.get(name.family());
        if (family != null && family.kind() != name.kind()) {
            return Added.KIND_CONFLICT;
        }
        if (family == null) {
            family = new Family(name, pushed.test(name.exposedName()));
            families.put(name.family(), family);
        }
        Series series = new Series(metric, name, labels);
        Family.SeriesKey key = new Family.SeriesKey(labels.names(), labels.values());
        Family.Slot slot = family.slotMap().get(key);
        Added added;
        if (slot == null) {
            family.slotMap().put(key, new Family.Slot(series));
            seriesCount++;
            added = Added.NEW_SERIES;
        } else {
            slot.add(series);
            added = Added.SHADOWS_EXISTING;
        }
        if (jobName != null) {
            metricsByJob.merge(jobName, 1, Integer::sum);
            jobNames = String.join(",", new TreeSet<>(metricsByJob.keySet()));
        }
        return added;
    }

    public synchronized void remove(Metric metric, MetricName name, ResolvedLabels labels, String jobName) {
        Family family = families.get(name.family());
        if (family == null) {
            return;
        }
        Family.SeriesKey key = new Family.SeriesKey(labels.names(), labels.values());
        Family.Slot slot = family.slotMap().get(key);
        if (slot == null) {
            return;
        }
        int before = slot.registrations();
        if (slot.remove(metric)) {
            if (family.pushed()) {
                keepFinalSamples(new Series(metric, name, labels));
            }
            family.slotMap().remove(key);
            seriesCount--;
            if (family.size() == 0) {
                families.remove(name.family());
            }
        }
        if (jobName != null && slot.registrations() < before) {
            metricsByJob.computeIfPresent(jobName, (job, count) -> count == 1 ? null : count - 1);
            jobNames = String.join(",", new TreeSet<>(metricsByJob.keySet()));
        }
    }

    /** The families in name order. */
    public Collection<Family> families() {
        return families.values();
    }

    public int seriesCount() {
        return seriesCount;
    }

    /** The names of the jobs whose metrics are registered, sorted and comma-separated; empty when none. */
    public String jobNames() {
        return jobNames;
    }

    /** Adds the Prometheus samples of one family. */
    public static void addSamples(Family family, List<Sample> samples) {
        for (Family.Slot slot : family.slots()) {
            Series series = slot.active();
            if (series != null) {
                series.addSamples(samples);
            }
        }
    }

    private void keepFinalSamples(Series removed) {
        try {
            removed.addWireSamples(System.currentTimeMillis(), sample -> {
                if (finalSamples.size() == MAX_FINAL_SAMPLES) {
                    finalSamples.removeFirst();
                }
                finalSamples.addLast(sample);
            });
        } catch (RuntimeException e) {
            // A gauge may read state its closed task has already released; its last value is then unknown.
        }
    }

    /** Reads every pushed series once, for a push batch, after the last values of series removed since the previous batch. */
    public void forEachWireSample(long timestampMillis, Consumer<WireSample> samples) {
        synchronized (this) {
            for (WireSample last : finalSamples) {
                // Removed after this batch's time was taken: the value is still what the batch would have read.
                samples.accept(last.timestampMillis() <= timestampMillis ? last
                        : new WireSample(last.name(), last.labels(), last.value(), timestampMillis));
            }
            finalSamples.clear();
        }
        for (Family family : families.values()) {
            if (!family.pushed()) {
                continue;
            }
            for (Family.Slot slot : family.slots()) {
                Series series = slot.active();
                if (series != null) {
                    series.addWireSamples(timestampMillis, samples);
                }
            }
        }
    }
}
