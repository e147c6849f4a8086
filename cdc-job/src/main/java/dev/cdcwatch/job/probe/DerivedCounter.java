package dev.cdcwatch.job.probe;

import org.apache.flink.metrics.Counter;

import java.util.function.LongSupplier;

/** A Flink counter whose count is read from elsewhere; reporters see a counter, nothing here increments it. */
final class DerivedCounter implements Counter {

    private final String name;
    private final LongSupplier count;

    DerivedCounter(String name, LongSupplier count) {
        this.name = name;
        this.count = count;
    }

    @Override
    public long getCount() {
        return count.getAsLong();
    }

    @Override
    public void inc() {
        throw new UnsupportedOperationException("counter '" + name + "' is derived from Debezium and cannot be incremented");
    }

    @Override
    public void inc(long n) {
        inc();
    }

    @Override
    public void dec() {
        inc();
    }

    @Override
    public void dec(long n) {
        inc();
    }
}
