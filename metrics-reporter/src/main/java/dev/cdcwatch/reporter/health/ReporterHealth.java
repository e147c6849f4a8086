package dev.cdcwatch.reporter.health;

import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.catalog.metrics.MetricCatalog;
import dev.cdcwatch.catalog.metrics.MetricDefinition;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** The reporter's own health, as the catalog names it: pushes by result, drops, last latency, series, buffer. */
public final class ReporterHealth {

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    private final AtomicLong pushesOk = new AtomicLong();
    private final AtomicLong pushesFailed = new AtomicLong();
    private final AtomicLong batchesDropped = new AtomicLong();
    private volatile double lastPushLatencyMillis = Double.NaN;
    private final IntSupplier series;
    private volatile IntSupplier bufferedBatches = () -> 0;
    private volatile LongSupplier bufferedBytes = () -> 0;

    public ReporterHealth(IntSupplier series) {
        this.series = series;
    }

    public void pushSucceeded(double latencyMillis) {
        pushesOk.incrementAndGet();
        lastPushLatencyMillis = latencyMillis;
    }

    public void pushFailed() {
        pushesFailed.incrementAndGet();
    }

    public void batchDropped() {
        batchesDropped.incrementAndGet();
    }

    public void watchBuffer(IntSupplier batches, LongSupplier bytes) {
        this.bufferedBatches = batches;
        this.bufferedBytes = bytes;
    }

    public long pushesOk() {
        return pushesOk.get();
    }

    public long pushesFailed() {
        return pushesFailed.get();
    }

    public long batchesDropped() {
        return batchesDropped.get();
    }

    /** One value per catalog entry; the pushes counter has one per result. */
    public record Reading(MetricDefinition definition, Map<String, String> extraLabels, double value) {
    }

    /** The current values; the last push latency is left out until a push has succeeded. */
    public List<Reading> read() {
        java.util.ArrayList<Reading> readings = new java.util.ArrayList<>(7);
        readings.add(new Reading(MetricCatalog.REPORTER_PUSHES, Map.of(Labels.RESULT, OK), pushesOk.get()));
        readings.add(new Reading(MetricCatalog.REPORTER_PUSHES, Map.of(Labels.RESULT, FAILED), pushesFailed.get()));
        readings.add(new Reading(MetricCatalog.REPORTER_BATCHES_DROPPED, Map.of(), batchesDropped.get()));
        double latency = lastPushLatencyMillis;
        if (!Double.isNaN(latency)) {
            readings.add(new Reading(MetricCatalog.REPORTER_PUSH_LATENCY, Map.of(), latency));
        }
        readings.add(new Reading(MetricCatalog.REPORTER_SERIES, Map.of(), series.getAsInt()));
        readings.add(new Reading(MetricCatalog.REPORTER_BUFFERED_BATCHES, Map.of(), bufferedBatches.getAsInt()));
        readings.add(new Reading(MetricCatalog.REPORTER_BUFFERED_BYTES, Map.of(), bufferedBytes.getAsLong()));
        return readings;
    }

    /** The health samples for a push batch, labelled with the reporter's job and host. */
    public void forEachWireSample(ReporterIdentity identity, long timestampMillis, Consumer<WireSample> samples) {
        for (Reading reading : read()) {
            Map<String, String> labels = new java.util.HashMap<>(reading.extraLabels());
            labels.put(Labels.JOB, identity.job());
            labels.put(Labels.HOST, identity.host());
            samples.accept(new WireSample(reading.definition().name(), labels, reading.value(), timestampMillis));
        }
    }
}
