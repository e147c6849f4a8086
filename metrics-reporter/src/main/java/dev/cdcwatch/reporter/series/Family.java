package dev.cdcwatch.reporter.series;

import dev.cdcwatch.reporter.naming.FamilyKind;
import dev.cdcwatch.reporter.naming.MetricName;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** All series of one exposed name. Written under the registry's lock, read without one. */
public final class Family {

    /** Series with equal label names and values. */
    record SeriesKey(List<String> labelNames, List<String> labelValues) {
    }

    private final MetricName name;
    private final boolean pushed;
    private final ConcurrentHashMap<SeriesKey, Slot> slots = new ConcurrentHashMap<>();

    Family(MetricName name, boolean pushed) {
        this.name = name;
        this.pushed = pushed;
    }

    public String name() {
        return name.family();
    }

    public String exposedName() {
        return name.exposedName();
    }

    public FamilyKind kind() {
        return name.kind();
    }

    public String help() {
        return name.help();
    }

    public String unit() {
        return name.unit();
    }

    /** Whether its series go into push batches (they are on /metrics either way). */
    boolean pushed() {
        return pushed;
    }

    public int size() {
        return slots.size();
    }

    Collection<Slot> slots() {
        return slots.values();
    }

    ConcurrentHashMap<SeriesKey, Slot> slotMap() {
        return slots;
    }

    /**
     * The metrics registered under one series key. Normally one; more when Flink registers a metric again before
     * removing the old one (a restarted task) or when two operators of one task share a name. The series shows the
     * most recent registration, so one series never appears twice in a scrape, which Prometheus would reject.
     */
    static final class Slot {
        private volatile Series[] registrations;

        Slot(Series first) {
            registrations = new Series[]{first};
        }

        Series active() {
            Series[] current = registrations;
            return current.length == 0 ? null : current[current.length - 1];
        }

        void add(Series series) {
            Series[] current = registrations;
            Series[] next = java.util.Arrays.copyOf(current, current.length + 1);
            next[current.length] = series;
            registrations = next;
        }

        /** Removes the registration of this metric; returns whether the slot is now empty. */
        boolean remove(org.apache.flink.metrics.Metric metric) {
            Series[] current = registrations;
            for (int i = current.length - 1; i >= 0; i--) {
                if (current[i].metric() == metric) {
                    Series[] next = new Series[current.length - 1];
                    System.arraycopy(current, 0, next, 0, i);
                    System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                    registrations = next;
                    break;
                }
            }
            return registrations.length == 0;
        }

        int registrations() {
            return registrations.length;
        }
    }
}
