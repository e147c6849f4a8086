package dev.cdcwatch.engine.store;

import dev.cdcwatch.engine.series.Labels;
import dev.cdcwatch.engine.series.RangeSeries;

/**
 * One series: its labels and a ring of recent samples in two primitive arrays, which grows by
 * doubling up to a cap and drops samples older than the series' retention (its latest sample always stays). Synchronised per series:
 * ingest threads append while the evaluator reads.
 */
public final class Series {

    private static final int INITIAL_CAPACITY = 2;

    final Labels labels;
    private final String metricName;
    private final long retentionMillis;
    private final long lifeMillis;
    /** Id of the last batch that carried this series; staleness tracking compares it without hashing. */
    private volatile long lastBatch;
    private long[] timestamps = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private int head;
    private int size;
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
        long oldest = timestamp - retentionMillis;
        while (size > 0 && timestamps[head] < oldest) {
            head = next(head);
            size--;
        }
        if (size == timestamps.length) {
            if (timestamps.length < maxSamples) {
                grow(Math.min(maxSamples, timestamps.length * 2));
            } else {
                head = next(head);
                size--;
            }
        }
        // Wraps by comparison, not %: appends are the ingest path's hottest code.
        int slot = head + size;
        if (slot >= timestamps.length) {
            slot -= timestamps.length;
        }
        timestamps[slot] = timestamp;
        values[slot] = value;
        size++;
        lastTimestamp = timestamp;
        return true;
    }

    private int next(int slot) {
        return slot + 1 == timestamps.length ? 0 : slot + 1;
    }

    private void grow(int capacity) {
        long[] newTimestamps = new long[capacity];
        double[] newValues = new double[capacity];
        for (int i = 0; i < size; i++) {
            int from = (head + i) % timestamps.length;
            newTimestamps[i] = timestamps[from];
            newValues[i] = values[from];
        }
        timestamps = newTimestamps;
        values = newValues;
        head = 0;
    }

    /** The samples in {@code (from, to]}, or null when there are none. */
    synchronized RangeSeries range(long fromExclusive, long toInclusive) {
        int first = -1;
        int count = 0;
        for (int i = 0; i < size; i++) {
            long timestamp = timestamps[(head + i) % timestamps.length];
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
            int slot = (head + first + i) % timestamps.length;
            selectedTimestamps[i] = timestamps[slot];
            selectedValues[i] = values[slot];
        }
        return new RangeSeries(labels, selectedTimestamps, selectedValues);
    }

    /** The newest sample in {@code (from, to]}, or null when there is none. */
    synchronized RangeSeries latest(long fromExclusive, long toInclusive) {
        for (int i = size - 1; i >= 0; i--) {
            int slot = (head + i) % timestamps.length;
            long timestamp = timestamps[slot];
            if (timestamp <= fromExclusive) {
                return null;
            }
            if (timestamp <= toInclusive) {
                return new RangeSeries(labels, new long[] {timestamp}, new double[] {values[slot]});
            }
        }
        return null;
    }

    synchronized int sampleCount() {
        return size;
    }

    synchronized int capacity() {
        return timestamps.length;
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
