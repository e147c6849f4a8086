package dev.cdcwatch.engine.series;

/**
 * The samples of one series inside a time window, oldest first. {@code values} may hold
 * {@link StaleMarker#VALUE}, which means the series ended there.
 */
public record RangeSeries(Labels labels, long[] timestamps, double[] values) {

    public int size() {
        return timestamps.length;
    }
}
