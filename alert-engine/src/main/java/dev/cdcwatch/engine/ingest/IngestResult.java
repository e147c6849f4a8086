package dev.cdcwatch.engine.ingest;

/** What one accepted batch changed: samples written, samples dropped as out of order, series created and ended. */
public record IngestResult(int accepted, int outOfOrder, int newSeries, int staleSeries) {
}
