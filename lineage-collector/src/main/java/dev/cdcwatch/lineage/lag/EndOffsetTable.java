package dev.cdcwatch.lineage.lag;

import java.util.ArrayList;
import java.util.List;

/**
 * One partition's history of log end offsets and when each was seen: the table from which the time a
 * record was appended is interpolated (kafka-lag-exporter's idea). Offsets and times only grow; a
 * smaller end offset means the topic was recreated or truncated, and the history starts over.
 *
 * <p>When full, every second point of the older half is dropped: recent lag keeps its resolution
 * while the table still reaches far back, so old backlogs get coarse rather than unknown ages.
 */
final class EndOffsetTable {

    /** The end offset {@code offset} was seen from {@code firstSeenMillis} to {@code lastSeenMillis}. */
    private record Point(long offset, long firstSeenMillis, long lastSeenMillis) {
    }

    private final int capacity;
    private final List<Point> points = new ArrayList<>();

    EndOffsetTable(int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("offset table capacity must be at least 4, got " + capacity);
        }
        this.capacity = capacity;
    }

    void observe(long endOffset, long timeMillis) {
        if (!points.isEmpty()) {
            Point last = points.get(points.size() - 1);
            if (endOffset == last.offset()) {
                points.set(points.size() - 1, new Point(endOffset, last.firstSeenMillis(), Math.max(last.lastSeenMillis(), timeMillis)));
                return;
            }
            if (endOffset < last.offset()) {
                points.clear();
            }
        }
        points.add(new Point(endOffset, timeMillis, timeMillis));
        if (points.size() > capacity) {
            thinOlderHalf();
        }
    }

    private void thinOlderHalf() {
        int half = points.size() / 2;
        List<Point> kept = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            // The first point stays: it is what bounds the ages the table can tell.
            if (i == 0 || i >= half || i % 2 == 0) {
                kept.add(points.get(i));
            }
        }
        points.clear();
        points.addAll(kept);
    }

    /**
     * When the record at {@code offset} was appended. The record was appended when the end offset
     * passed it, which happened between the last sighting of the end offset before it and the first
     * sighting of the end offset after it; within that span records are assumed evenly spread.
     */
    AppendTime appendTimeOf(long offset) {
        for (int i = 0; i < points.size(); i++) {
            Point next = points.get(i);
            if (next.offset() > offset) {
                if (i == 0) {
                    return AppendTime.before(next.firstSeenMillis());
                }
                Point previous = points.get(i - 1);
                double share = (double) (offset + 1 - previous.offset()) / (next.offset() - previous.offset());
                long span = next.firstSeenMillis() - previous.lastSeenMillis();
                return AppendTime.at(previous.lastSeenMillis() + Math.round(share * span));
            }
        }
        return AppendTime.NOT_YET;
    }

    int size() {
        return points.size();
    }

    /** The estimate for one offset: a time, a bound (older than the table reaches), or not appended yet. */
    record AppendTime(Kind kind, long millis) {

        enum Kind { AT, BEFORE, NOT_YET }

        static final AppendTime NOT_YET = new AppendTime(Kind.NOT_YET, 0);

        static AppendTime at(long millis) {
            return new AppendTime(Kind.AT, millis);
        }

        static AppendTime before(long millis) {
            return new AppendTime(Kind.BEFORE, millis);
        }
    }
}
