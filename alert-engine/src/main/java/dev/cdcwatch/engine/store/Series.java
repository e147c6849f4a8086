package dev.cdcwatch.engine.store;

import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;
import dev.cdcwatch.engine.series.StaleMarker;

/**
 * One series: its labels and a ring of recent samples in one primitive array, timestamp and value
 * bits side by side so that an append touches one cache line. The ring grows, up to a cap, to what the
 * retention holds at the series' interval, and drops samples older than the retention (its latest
 * sample always stays). Synchronised per series: ingest threads append while the evaluator reads.
 */
public final class Series {

    private static final int INITIAL_CAPACITY = 2;

    final Labels labels;
    private final String metricName;
    private final long retentionMillis;
    private final long lifeMillis;
    /** Id of the last batch that carried this series; staleness tracking compares it without hashing. */
    private volatile long lastBatch;
    /** Sample i of the ring is timestamp {@code ring[2i]} and value bits {@code ring[2i + 1]}. */
    private long[] ring = new long[2 * INITIAL_CAPACITY];
    private int head;
    private int size;
    /** The oldest sample's timestamp, kept here so that an append need not read the ring's other end. */
    private long headTimestamp;
    private volatile long lastTimestamp = Long.MIN_VALUE;
    private volatile boolean removed;

    Series(Labels labels, long retentionMillis, long lifeMillis) {
        this.labels = labels;
        this.metricName = labels.metricName();
        this.retentionMillis = retentionMillis;
        this.lifeMillis = lifeMillis;
    }

    /** How long the series stays in the store after its last sample. */
    long lifeMillis() {
        return lifeMillis;
    }

    /** Records that batch {@code batchId} carries this series; true the first time for that batch. */
    public boolean markBatch(long batchId) {
        if (lastBatch == batchId) {
            return false;
        }
        lastBatch = batchId;
        return true;
    }

    public boolean inBatch(long batchId) {
        return lastBatch == batchId;
    }

    /** Whether the store dropped this series; writers holding it must look it up again. */
    public boolean isRemoved() {
        return removed;
    }

    void markRemoved() {
        removed = true;
    }

    long lastTimestamp() {
        return lastTimestamp;
    }

    /** Appends a sample newer than the last one; returns false (and keeps nothing) for an older or equal timestamp. */
    synchronized boolean append(long timestamp, double value, int maxSamples) {
        if (timestamp <= lastTimestamp) {
            return false;
        }
        // A staleness marker drops nothing, so the last real sample before it stays readable by ranges
        // (a last_over_time over a metric kept only for its newest sample must still find it).
        long oldest = StaleMarker.is(value) ? Long.MIN_VALUE : timestamp - retentionMillis;
        while (size > 0 && headTimestamp < oldest) {
            dropOldest();
        }
        int capacity = ring.length / 2;
        if (size == capacity) {
            if (capacity < maxSamples) {
                grow(Math.min(maxSamples, nextCapacity(capacity, timestamp)));
            } else {
                dropOldest();
            }
        }
        if (size == 0) {
            headTimestamp = timestamp;
        }
        int slot = slot(size);
        ring[2 * slot] = timestamp;
        ring[2 * slot + 1] = Double.doubleToRawLongBits(value);
        size++;
        lastTimestamp = timestamp;
        return true;
    }

    /** The ring slot of the {@code i}-th oldest sample; wraps by comparison, not %, as appends are the ingest path's hottest code. */
    private int slot(int i) {
        int slot = head + i;
        int capacity = ring.length / 2;
        return slot >= capacity ? slot - capacity : slot;
    }

    /**
     * At most double, but no more than the retention holds at the interval seen so far (plus a tenth
     * for jitter): a series read over {@code [1m]} with a 15 s margin at one sample a second settles at
     * 83 samples rather than 128.
     */
    private int nextCapacity(int capacity, long timestamp) {
        long span = timestamp - headTimestamp;
        if (span <= 0) {
            return capacity * 2;
        }
        long fits = (long) (retentionMillis * 1.1 * size / span) + 1;
        return (int) Math.max(capacity + 1, Math.min(capacity * 2L, fits));
    }

    private void dropOldest() {
        head = head + 1 == ring.length / 2 ? 0 : head + 1;
        size--;
        headTimestamp = ring[2 * head];
    }

    private void grow(int capacity) {
        long[] grown = new long[2 * capacity];
        for (int i = 0; i < size; i++) {
            int from = slot(i);
            grown[2 * i] = ring[2 * from];
            grown[2 * i + 1] = ring[2 * from + 1];
        }
        ring = grown;
        head = 0;
    }

    /** The samples in {@code (from, to]}, or null when there are none. */
    synchronized RangeSeries range(long fromExclusive, long toInclusive) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < size; i++) {
            long timestamp = ring[2 * slot(i)];
            if (timestamp > toInclusive) {
                break;
            }
            if (timestamp > fromExclusive) {
                if (first < 0) {
                    first = i;
                }
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        long[] selectedTimestamps = new long[count];
        double[] selectedValues = new double[count];
        for (int i = 0; i < count; i++) {
            int slot = slot(first + i);
            selectedTimestamps[i] = ring[2 * slot];
            selectedValues[i] = Double.longBitsToDouble(ring[2 * slot + 1]);
        }
        return new RangeSeries(labels, selectedTimestamps, selectedValues);
    }

    /** The newest sample in {@code (from, to]}, or null when there is none. */
    synchronized RangeSeries latest(long fromExclusive, long toInclusive) {
        for (int i = size - 1; i >= 0; i--) {
            int slot = slot(i);
            long timestamp = ring[2 * slot];
            if (timestamp <= fromExclusive) {
                return null;
            }
            if (timestamp <= toInclusive) {
                return new RangeSeries(labels, new long[] {timestamp}, new double[] {Double.longBitsToDouble(ring[2 * slot + 1])});
            }
        }
        return null;
    }

    synchronized int sampleCount() {
        return size;
    }

    synchronized int capacity() {
        return ring.length / 2;
    }

    /** The label {@code __name__}, or null. */
    public String metricName() {
        return metricName;
    }

    public Labels labels() {
        return labels;
    }

    @Override
    public String toString() {
        return labels.toString();
    }
}
