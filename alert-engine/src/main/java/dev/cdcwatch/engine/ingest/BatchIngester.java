package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.BatchFormatException;
import dev.cdcwatch.catalog.wire.DecodedBatch;
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
    /**
     * How often expired series are looked for: every series is read, and a series outlives its last
     * sample by minutes (at least the lookback delta), so seconds of delay change nothing.
     */
    private static final long REMOVE_EXPIRED_EVERY_MILLIS = Duration.ofSeconds(10).toMillis();

    private final SeriesStore store;
    private final EngineMetrics metrics;
    private final int staleAfterIntervals;
    private final long minStaleAfterMillis;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Reporter> reporters = new ConcurrentHashMap<>();
    private final AtomicLong batchIds = new AtomicLong();
    private final List<NamedObserver> observers = new CopyOnWriteArrayList<>();
    private long nextRemovalAtMillis;

    public BatchIngester(SeriesStore store, EngineMetrics metrics, int staleAfterIntervals, Duration minStaleAfter, LongSupplier clock) {
        this.store = store;
        this.metrics = metrics;
        this.staleAfterIntervals = staleAfterIntervals;
        this.minStaleAfterMillis = minStaleAfter.toMillis();
        this.clock = clock;
        metrics.gauge("cdcwatch_engine_reporters", "Reporters that pushed within the last hour", reporters::size);
    }

    /** Called with every stored sample of metric {@code metricName}, on the ingesting thread; observers must return quickly. */
    public void addObserver(String metricName, SampleObserver observer) {
        observers.add(new NamedObserver(metricName, observer));
    }

    /** Stores a batch built in process (all labels present). */
    public IngestResult ingest(PushBatch batch) throws SeriesLimitException {
        try {
            return ingest(DecodedBatch.of(batch));
        } catch (BatchFormatException e) {
            throw new IllegalStateException("a batch built in process has decoded labels", e);
        }
    }

    /**
     * Stores a decoded batch, all or nothing: every sample's series is resolved (labels decoded and
     * checked where its raw key is new) before anything is written.
     *
     * @throws BatchFormatException a sample's name or labels are invalid; nothing was stored
     * @throws SeriesLimitException the batch's new series do not fit; nothing was stored
     */
    public IngestResult ingest(DecodedBatch batch) throws SeriesLimitException, BatchFormatException {
        ReporterIdentity identity = batch.reporter();
        Reporter reporter = reporters.computeIfAbsent(identity.instance(), Reporter::new);
        Resolved resolved;
        IngestResult result;
        synchronized (reporter) {
            try {
                resolved = resolve(reporter, batch);
            } catch (SeriesLimitException | BatchFormatException e) {
                if (reporter.lastPushAtMillis == 0) {
                    reporters.remove(identity.instance(), reporter);
                }
                throw e;
            }
            result = write(reporter, identity, batch, resolved);
        }
        Series[] targets = resolved.targets();
        for (NamedObserver observer : observers) {
            for (int i = 0; i < targets.length; i++) {
                if (observer.metricName.equals(targets[i].metricName())) {
                    observer.observer.observe(identity, targets[i].labels(), batch.value(i), batch.timestampMillis(i));
                }
            }
        }
        return result;
    }

    /** Finds or creates the series of every sample; creates none unless all new series fit. */
    private Resolved resolve(Reporter reporter, DecodedBatch batch) throws SeriesLimitException, BatchFormatException {
        int size = batch.size();
        Series[] targets = new Series[size];
        long[] hashes = new long[size];
        boolean[] keyed = new boolean[size];
        Labels[] unknown = new Labels[size];
        Map<Labels, Series> created = new HashMap<>();
        int hits = 0;
        for (int i = 0; i < size; i++) {
            if (batch.hasKey(i)) {
                keyed[i] = true;
                hashes[i] = batch.keyHash(i);
                targets[i] = reporter.seriesKeys.find(i, hashes[i]);
                if (targets[i] != null) {
                    hits++;
                    continue;
                }
            }
            Labels labels = labelsOf(batch.name(i), batch.labels(i), reporter.instance);
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
        for (int i = 0; i < size; i++) {
            if (targets[i] == null) {
                targets[i] = created.get(unknown[i]);
            }
        }
        boolean sameSeries = hits == size && size == reporter.seriesKeys.size();
        if (!sameSeries) {
            reporter.seriesKeys.remember(targets, hashes, keyed);
        }
        return new Resolved(targets, created.size(), sameSeries);
    }

    private IngestResult write(Reporter reporter, ReporterIdentity identity, DecodedBatch batch, Resolved resolved) {
        Series[] targets = resolved.targets();
        long now = clock.getAsLong();
        long newest = 0;
        long oldest = Long.MAX_VALUE;
        for (int i = 0; i < batch.size(); i++) {
            newest = Math.max(newest, batch.timestampMillis(i));
            oldest = Math.min(oldest, batch.timestampMillis(i));
        }
        boolean empty = batch.size() == 0;
        int stale = 0;
        if (reporter.processStartMillis != 0 && reporter.processStartMillis != identity.processStartMillis()) {
            metrics.reporterRestarts.inc();
            stale += markStale(reporter.lastSeries, -1, empty ? now : oldest - 1);
            reporter.forgetSeries();
        }
        reporter.job = identity.job();
        reporter.host = identity.host();
        reporter.processStartMillis = identity.processStartMillis();
        int accepted = 0;
        if (resolved.sameSeriesAsLastBatch() && reporter.lastSeriesMatchKeys) {
            // Every position found last batch's series again: none went stale, and touching each series once is enough.
            for (int i = 0; i < targets.length; i++) {
                if (store.append(targets[i], batch.timestampMillis(i), batch.value(i))) {
                    accepted++;
                }
            }
        } else {
            long batchId = batchIds.incrementAndGet();
            List<Series> seen = new ArrayList<>(targets.length);
            for (int i = 0; i < targets.length; i++) {
                Series target = targets[i];
                if (target.markBatch(batchId)) {
                    seen.add(target);
                }
                if (store.append(target, batch.timestampMillis(i), batch.value(i))) {
                    accepted++;
                }
            }
            stale += markStale(reporter.lastSeries, batchId, empty ? now : newest);
            reporter.lastSeries = seen.toArray(Series[]::new);
            reporter.lastSeriesMatchKeys = true;
        }
        reporter.pushed(now);
        metrics.samplesIngested.inc(accepted);
        metrics.batchesAccepted.inc();
        return new IngestResult(accepted, batch.size() - accepted, resolved.newSeries(), stale);
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
     * Ends the series of reporters that went silent, forgets reporters silent for an hour and, every
     * ten seconds, removes series whose samples aged out. Called about once a second, from one thread.
     */
    public void sweep() {
        long now = clock.getAsLong();
        for (Reporter reporter : reporters.values()) {
            synchronized (reporter) {
                long silence = now - reporter.lastPushAtMillis;
                if (!reporter.silent && silence > reporter.staleAfterMillis(staleAfterIntervals, minStaleAfterMillis)) {
                    markStale(reporter.lastSeries, -1, now);
                    reporter.forgetSeries();
                    reporter.silent = true;
                }
                if (reporter.silent && silence > FORGET_AFTER_MILLIS) {
                    reporters.remove(reporter.instance, reporter);
                }
            }
        }
        if (now >= nextRemovalAtMillis) {
            store.removeExpired(now);
            nextRemovalAtMillis = now + REMOVE_EXPIRED_EVERY_MILLIS;
        }
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

    private static Labels labelsOf(String name, Map<String, String> labels, String instance) {
        // The codec refuses label names starting with "__", so the metric name never collides with a sample label.
        return Labels.ofWithDefaults(labels, Labels.METRIC_NAME, name, INSTANCE_LABEL, instance);
    }

    /** Receives stored samples of one metric. */
    @FunctionalInterface
    public interface SampleObserver {
        void observe(ReporterIdentity reporter, Labels labels, double value, long timestampMillis);
    }

    /** Every sample's series, how many of them the batch created, and whether each is the series its position had last batch. */
    private record Resolved(Series[] targets, int newSeries, boolean sameSeriesAsLastBatch) {
    }

    private record NamedObserver(String metricName, SampleObserver observer) {
    }
}
