package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.engine.store.Series;

/**
 * The series of a reporter's last batch by position, with the hashes of their raw keys. A reporter
 * sends its series in the same order and with the same bytes every interval, so most samples find
 * their series by one hash comparison, without decoding labels or looking them up. A sample whose
 * position or bytes changed is resolved the slow way and remembered for the next batch.
 */
final class SeriesKeyCache {

    private long[] hashes = new long[0];
    private Series[] series = new Series[0];

    /** The series the sample at {@code index} had in the last batch, or null if its key changed or the series was removed. */
    Series find(int index, long hash) {
        if (index >= series.length || series[index] == null || hashes[index] != hash) {
            return null;
        }
        Series found = series[index];
        return found.isRemoved() ? null : found;
    }

    /** How many positions the last batch had. */
    int size() {
        return series.length;
    }

    /** Remembers this batch's series by position; {@code hashes[i]} is the key hash of sample i, {@code keyed[i]} whether it has a key. */
    void remember(Series[] targets, long[] keyHashes, boolean[] keyed) {
        Series[] remembered = new Series[targets.length];
        for (int i = 0; i < targets.length; i++) {
            if (keyed[i]) {
                remembered[i] = targets[i];
            }
        }
        hashes = keyHashes;
        series = remembered;
    }
}
