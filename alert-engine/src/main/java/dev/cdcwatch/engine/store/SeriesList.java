package dev.cdcwatch.engine.store;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The series of one metric name, which selectors scan as a plain array rather than walking a
 * concurrent hash set node by node. Readers take an immutable snapshot and never lock. An add
 * writes past the end of the shared array, which no snapshot reads; a removal copies.
 */
final class SeriesList {

    private record Snapshot(Series[] items, int size) {
    }

    private volatile Snapshot snapshot = new Snapshot(new Series[8], 0);

    synchronized void add(Series series) {
        // The sweep may have removed a new series before its creator got here; it marks before it calls removeAll.
        if (series.isRemoved()) {
            return;
        }
        Snapshot current = snapshot;
        Series[] items = current.items;
        if (current.size == items.length) {
            items = Arrays.copyOf(items, items.length * 2);
        }
        items[current.size] = series;
        snapshot = new Snapshot(items, current.size + 1);
    }

    synchronized void removeAll(Set<Series> removed) {
        Snapshot current = snapshot;
        Series[] kept = new Series[Math.max(8, current.size - removed.size())];
        int size = 0;
        for (int i = 0; i < current.size; i++) {
            if (!removed.contains(current.items[i])) {
                kept[size++] = current.items[i];
            }
        }
        snapshot = new Snapshot(kept, size);
    }

    int size() {
        return snapshot.size;
    }

    void forEach(Consumer<Series> action) {
        Snapshot current = snapshot;
        for (int i = 0; i < current.size; i++) {
            action.accept(current.items[i]);
        }
    }
}
