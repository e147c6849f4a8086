package dev.cdcwatch.engine.ingest;

/** A batch that would create more series than the store may hold; nothing of it was written. */
public final class SeriesLimitException extends Exception {

    public SeriesLimitException(int newSeries, int maxSeries) {
        super("batch would add " + newSeries + " new series but the store is at its limit of " + maxSeries
                + " series (store.max-series)");
    }
}
