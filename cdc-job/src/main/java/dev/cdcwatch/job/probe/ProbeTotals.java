package dev.cdcwatch.job.probe;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Totals of one source subtask that must only grow: they outlive the split readers, Debezium
 * contexts and metric objects that are re-created on split changes, and the source reader itself
 * when the task restarts in the same TaskManager (keyed by job, operator and subtask).
 */
final class ProbeTotals {

    private static final Map<String, ProbeTotals> BY_SUBTASK = new ConcurrentHashMap<>();

    final AtomicLong disconnects = new AtomicLong();
    final LongAdder eventsSeen = new LongAdder();
    final FoldedCount eventsFiltered = new FoldedCount();
    final FoldedCount eventsSkipped = new FoldedCount();
    final FoldedCount eventsErroneous = new FoldedCount();

    private ProbeTotals() {
    }

    static ProbeTotals of(String subtaskKey) {
        return BY_SUBTASK.computeIfAbsent(subtaskKey, key -> new ProbeTotals());
    }

    /**
     * A count read from a Debezium metrics object that is replaced now and then: the last value of
     * each replaced object is kept, so the sum never goes back.
     */
    static final class FoldedCount {
        private long folded;
        private Object source;
        private long lastRead;

        /** The total, given the current source object and its current value. */
        synchronized long total(Object currentSource, long currentValue) {
            if (currentSource != source) {
                folded += lastRead;
                source = currentSource;
                lastRead = 0;
            }
            lastRead = Math.max(lastRead, currentValue);
            return folded + lastRead;
        }

        synchronized long total() {
            return folded + lastRead;
        }
    }
}
