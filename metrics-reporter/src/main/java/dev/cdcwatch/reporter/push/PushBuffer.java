package dev.cdcwatch.reporter.push;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Batches waiting for the engine, oldest first, at most {@code capacity} of them (plus the one being sent).
 * Adding to a full buffer drops the oldest batch and counts the drop: the freshest data survives an outage and
 * memory stays bounded however long it lasts. Adding never blocks.
 */
public final class PushBuffer {

    /** Told about every dropped batch. */
    public interface DropListener {
        void dropped(EncodedBatch batch);
    }

    private final int capacity;
    private final DropListener onDrop;
    private final ArrayDeque<EncodedBatch> queue;
    private long bytes;

    public PushBuffer(int capacity, DropListener onDrop) {
        this.capacity = capacity;
        this.onDrop = onDrop;
        this.queue = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    public void add(EncodedBatch batch) {
        EncodedBatch dropped = null;
        synchronized (this) {
            if (queue.size() >= capacity) {
                dropped = queue.pollFirst();
                bytes -= dropped.body().length;
            }
            queue.addLast(batch);
            bytes += batch.body().length;
            notifyAll();
        }
        if (dropped != null) {
            onDrop.dropped(dropped);
        }
    }

    /** Takes the oldest batch, waiting up to {@code timeout} for one; null when none came. */
    public EncodedBatch take(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (this) {
            while (queue.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            EncodedBatch batch = queue.pollFirst();
            bytes -= batch.body().length;
            return batch;
        }
    }

    /**
     * Puts back a batch whose push failed, as the oldest. If newer batches filled the buffer meanwhile, the
     * returned batch is the oldest of all and is dropped instead.
     */
    public void putBack(EncodedBatch batch) {
        boolean dropped;
        synchronized (this) {
            dropped = queue.size() >= capacity;
            if (!dropped) {
                queue.addFirst(batch);
                bytes += batch.body().length;
            }
        }
        if (dropped) {
            onDrop.dropped(batch);
        }
    }

    public synchronized int size() {
        return queue.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    public int capacity() {
        return capacity;
    }
}
