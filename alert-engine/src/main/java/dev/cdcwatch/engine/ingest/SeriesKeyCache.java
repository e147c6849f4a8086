package dev.cdcwatch.engine.ingest;

import dev.cdcwatch.catalog.wire.DecodedBatch;
import dev.cdcwatch.engine.store.Series;

/**
 * The series of a reporter's last batch by position, with their raw keys. A reporter sends its
 * series in the same order and with the same bytes every interval, so most samples find their
 * series with one byte comparison, without decoding labels or hashing them. A sample whose
 * position or bytes changed is resolved the slow way and remembered for the next batch.
 */
final class SeriesKeyCache {

    private byte[][] keys = new byte[0][];
    private Series[] series = new Series[0];

    /** The series the sample at {@code index} had in the last batch, or null if its key changed or the series was removed. */
    Series find(DecodedBatch batch, int index) {
        if (index >= keys.length || keys[index] == null || !batch.hasKey(index) || !batch.keyEquals(index, keys[index])) {
            return null;
        }
        Series found = series[index];
        return found.isRemoved() ? null : found;
    }

    /** Remembers this batch's series by position; {@code found[i]} says the sample's key was already cached at that position. */
    void remember(DecodedBatch batch, Series[] targets, boolean[] found) {
        byte[][] newKeys = new byte[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            if (found[i]) {
                newKeys[i] = keys[i];
            } else if (batch.hasKey(i)) {
                newKeys[i] = batch.copyKey(i);
            }
        }
        keys = newKeys;
        series = targets.clone();
    }
}
