package dev.cdcwatch.reporter.push;

import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.reporter.config.ReporterOptions;
import dev.cdcwatch.reporter.health.ReporterHealth;
import dev.cdcwatch.reporter.series.SeriesRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Push to the alert engine, entirely on the reporter's own daemon threads: one takes a batch every
 * push.interval (reads every series, encodes, gzips, buffers), one sends. Flink's threads only ever touch the
 * series registry, so a slow or dead engine cannot slow the job.
 */
public final class Pusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pusher.class);

    private final ReporterOptions.Push options;
    private final SeriesRegistry registry;
    private final ReporterHealth health;
    private final Supplier<ReporterIdentity> identity;
    private final PushBuffer buffer;
    private final BatchEncoder encoder;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final ScheduledExecutorService sampler;
    private final Thread sender;
    private int lastSampleCount = 64;

    public Pusher(ReporterOptions.Push options, SeriesRegistry registry, ReporterHealth health, Supplier<ReporterIdentity> identity) {
        this.options = options;
        this.registry = registry;
        this.health = health;
        this.identity = identity;
        this.encoder = new BatchEncoder(options.format());
        this.buffer = new PushBuffer(options.bufferBatches(), batch -> health.batchDropped());
        health.watchBuffer(buffer::size, buffer::bytes);
        this.sampler = Executors.newSingleThreadScheduledExecutor(daemon("cdcwatch-push-sampler"));
        this.sender = daemon("cdcwatch-push-sender").newThread(new PushSender(options, buffer, health, closed));
    }

    public void start() {
        long interval = options.interval().toNanos();
        sampler.scheduleAtFixedRate(this::takeBatch, interval, interval, TimeUnit.NANOSECONDS);
        sender.start();
    }

    /** Reads every series and queues the batch; runs on the sampler thread every push.interval. */
    void takeBatch() {
        try {
            EncodedBatch batch = take(registry, health, identity.get(), encoder, lastSampleCount);
            lastSampleCount = batch.samples();
            buffer.add(batch);
        } catch (RuntimeException e) {
            // Never let one bad gauge end the schedule.
            LOG.warn("cdc-watch reporter: could not take a push batch", e);
        }
    }

    /** Reads every series and the reporter's health once and encodes the batch: the work of one push interval. */
    public static EncodedBatch take(SeriesRegistry registry, ReporterHealth health, ReporterIdentity reporter, BatchEncoder encoder,
                                    int expectedSamples) {
        long now = System.currentTimeMillis();
        List<WireSample> samples = new ArrayList<>(expectedSamples + 16);
        registry.forEachWireSample(now, samples::add);
        health.forEachWireSample(reporter, now, samples::add);
        return encoder.encode(reporter, samples, now);
    }

    PushBuffer buffer() {
        return buffer;
    }

    @Override
    public void close() {
        closed.countDown();
        sampler.shutdownNow();
        sender.interrupt();
        try {
            sender.join(TimeUnit.SECONDS.toMillis(5));
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            thread.setDaemon(true);
            return thread;
        };
    }
}
