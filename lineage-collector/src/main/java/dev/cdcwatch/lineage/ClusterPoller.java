package dev.cdcwatch.lineage;

import dev.cdcwatch.lineage.config.LineageConfig;
import dev.cdcwatch.lineage.kafka.ClusterOffsetReader;
import dev.cdcwatch.lineage.kafka.ClusterOffsets;
import dev.cdcwatch.lineage.kafka.PollFailure;
import dev.cdcwatch.lineage.lag.ClusterLag;
import dev.cdcwatch.lineage.lag.LagEvaluator;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The poll loop of one Kafka cluster, on its own thread so that a slow or dead cluster delays no
 * one else. After a failure the Admin client is dropped and a fresh one made on the next poll, so
 * the loop recovers by itself once the cluster answers again.
 */
final class ClusterPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPoller.class);

    private final LineageConfig.Cluster cluster;
    private final LagEvaluator evaluator;
    private final Consumer<ClusterLag> sink;
    private final LongSupplier clock;
    private final ScheduledExecutorService executor;
    private ClusterOffsetReader reader;
    private long pollErrors;
    private boolean wasUp = true;

    ClusterPoller(LineageConfig.Cluster cluster, LineageConfig.Status status, Consumer<ClusterLag> sink, LongSupplier clock) {
        this.cluster = cluster;
        this.evaluator = new LagEvaluator(status.window(), status.offsetTableSize());
        this.sink = sink;
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cdc-watch-lineage-" + cluster.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        executor.scheduleWithFixedDelay(this::poll, 0, cluster.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        long now = clock.getAsLong();
        ClusterLag outcome;
        try {
            if (reader == null) {
                reader = new ClusterOffsetReader(cluster);
            }
            ClusterOffsets offsets = reader.read(now);
            outcome = new ClusterLag(cluster.name(), now, true, Optional.empty(), pollErrors, evaluator.evaluate(offsets));
            if (!wasUp) {
                LOG.info("cluster '{}' answers again", cluster.name());
            }
            wasUp = true;
        } catch (PollFailure | KafkaException e) {
            pollErrors++;
            dropReader();
            String error = e instanceof PollFailure ? e.getMessage() : "cluster '" + cluster.name() + "': " + e.getMessage();
            if (wasUp && !executor.isShutdown()) {
                LOG.warn("{}", error);
            }
            wasUp = false;
            outcome = new ClusterLag(cluster.name(), now, false, Optional.of(error), pollErrors, List.of());
        }
        try {
            sink.accept(outcome);
        } catch (RuntimeException e) {
            // An exception would cancel the scheduled task; the next poll should still run.
            LOG.error("cluster '{}': handling the poll result failed", cluster.name(), e);
        }
    }

    private void dropReader() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(cluster.requestTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS)) {
                LOG.warn("cluster '{}': poll thread did not stop in time", cluster.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The executor has stopped (or been abandoned), so the reader is no longer in use.
        dropReader();
    }
}
