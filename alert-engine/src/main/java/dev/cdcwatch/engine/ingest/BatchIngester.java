package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.engine.metrics.EngineMetrics;
import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.store.Series;
import dev.cdcwatch.engine.store.SeriesStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Writes decoded batches into the store, all or nothing, and applies Prometheus's staleness per
 * reporter ({@link ReporterIdentity#instance()}): a series the reporter sent before but not in its
 * latest batch ends with a staleness marker; all its series end when it stays silent for more than
 * {@code staleAfterIntervals} observed push intervals; a new {@code processStartMillis} ends the old
 * process's series, since its counters restarted from zero. A reporter sends all its series in
 * one batch per interval. Samples get the label {@code instance} of their reporter unless they carry one.
 */
public final class BatchIngester {

    public static final String INSTANCE_LABEL = "instance";

    /** Reporters silent this long are forgotten. */
    private static final long FORGET_AFTER_MILLIS = Duration.ofHours(1).toMillis();

    private final SeriesStore store;
    private final EngineMetrics metrics;
    private final int staleAfterIntervals;
    private final long minStaleAfterMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Reporter> reporters = new ConcurrentHashMap<>();
    private final AtomicLong batchIds = new AtomicLong();
    private final List<Consumer<PushBatch>> observers = new CopyOnWriteArrayList<>();

    public BatchIngester(SeriesStore store, EngineMetrics metrics, int staleAfterIntervals, Duration minStaleAfter, LongSupplier clock) {
        this.store = store;
        this.metrics = metrics;
        this.staleAfterIntervals = staleAfterIntervals;
        this.minStaleAfterMillis = minStaleAfter.toMillis();
        this.clock = clock;
        metrics.gauge("cdcwatch_engine_reporters", "Reporters that pushed within the last hour", reporters::size);
    }

    /** Called with every batch after it is stored, on the ingesting thread; observers must return quickly. */
    public void addObserver(Consumer<PushBatch> observer) {
        observers.add(observer);
    }

    public IngestResult ingest(PushBatch batch) throws SeriesLimitException {
        ReporterIdentity identity = batch.reporter();
        List<WireSample> samples = batch.samples();
        Series[] targets = new Series[samples.size()];
        Labels[] unknown = new Labels[samples.size()];
        Map<Labels, Series> created = new HashMap<>();
        for (int i = 0; i < targets.length; i++) {
            Labels labels = labelsOf(samples.get(i), identity.instance());
            targets[i] = store.find(labels);
            if (targets[i] == null) {
                unknown[i] = labels;
                created.put(labels, null);
            }
        }
        if (!store.reserve(created.size())) {
            throw new SeriesLimitException(created.size(), store.maxSeries());
        }
        created.replaceAll((labels, none) -> store.create(labels));
        for (int i = 0; i < targets.length; i++) {
            if (targets[i] == null) {
                targets[i] = created.get(unknown[i]);
            }
        }
        Reporter reporter = reporters.computeIfAbsent(identity.instance(), Reporter::new);
        IngestResult result;
        synchronized (reporter) {
            result = write(reporter, identity, samples, targets, created.size());
        }
        observers.forEach(observer -> observer.accept(batch));
        return result;
    }

    private IngestResult write(Reporter reporter, ReporterIdentity identity, List<WireSample> samples, Series[] targets, int newSeries) {
        long now = clock.getAsLong();
        long newest = 0;
        long oldest = Long.MAX_VALUE;
        for (WireSample sample : samples) {
            newest = Math.max(newest, sample.timestampMillis());
            oldest = Math.min(oldest, sample.timestampMillis());
        }
        int stale = 0;
        if (reporter.processStartMillis != 0 && reporter.processStartMillis != identity.processStartMillis()) {
            metrics.reporterRestarts.inc();
            stale += markStale(reporter.lastSeries, -1, samples.isEmpty() ? now : oldest - 1);
            reporter.lastSeries = new Series[0];
        }
        reporter.job = identity.job();
        reporter.host = identity.host();
        reporter.processStartMillis = identity.processStartMillis();
        long batchId = batchIds.incrementAndGet();
        List<Series> seen = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < targets.length; i++) {
            Series target = targets[i];
            if (target.markBatch(batchId)) {
                seen.add(target);
            }
            if (store.append(target, samples.get(i).timestampMillis(), samples.get(i).value())) {
                accepted++;
            }
        }
        stale += markStale(reporter.lastSeries, batchId, samples.isEmpty() ? now : newest);
        reporter.lastSeries = seen.toArray(Series[]::new);
        reporter.pushed(now);
        metrics.samplesIngested.inc(accepted);
        metrics.batchesAccepted.inc();
        return new IngestResult(accepted, samples.size() - accepted, newSeries, stale);
    }

    /** Marks the series not carried by {@code batchId} stale; -1 marks them all. */
    private int markStale(Series[] previous, long batchId, long atMillis) {
        int marked = 0;
        for (Series series : previous) {
            if (!series.inBatch(batchId)) {
                store.markStale(series, atMillis);
                marked++;
            }
        }
        return marked;
    }

    /**
     * Ends the series of reporters that went silent, forgets reporters silent for an hour and
     * removes series whose samples aged out. Called about once a second.
     */
    public void sweep() {
        long now = clock.getAsLong();
        for (Reporter reporter : reporters.values()) {
            synchronized (reporter) {
                long silence = now - reporter.lastPushAtMillis;
                if (!reporter.silent && silence > reporter.staleAfterMillis(staleAfterIntervals, minStaleAfterMillis)) {
                    markStale(reporter.lastSeries, -1, now);
                    reporter.lastSeries = new Series[0];
                    reporter.silent = true;
                }
                if (reporter.silent && silence > FORGET_AFTER_MILLIS) {
                    reporters.remove(reporter.instance, reporter);
                }
            }
        }
        store.removeExpired(now);
    }

    public List<ReporterStatus> reporters() {
        List<ReporterStatus> statuses = new ArrayList<>();
        for (Reporter reporter : reporters.values()) {
            synchronized (reporter) {
                statuses.add(reporter.status());
            }
        }
        return statuses;
    }

    private static Labels labelsOf(WireSample sample, String instance) {
        // The codec refuses label names starting with "__", so the metric name never collides with a sample label.
        return Labels.ofWithDefaults(sample.labels(), Labels.METRIC_NAME, sample.name(), INSTANCE_LABEL, instance);
    }
}
