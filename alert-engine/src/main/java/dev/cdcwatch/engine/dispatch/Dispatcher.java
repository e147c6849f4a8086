package dev.cdcwatch.engine.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Routes alerts into aggregation groups and flushes each group through the pipeline: first after
 * group_wait, then every group_interval. All state lives on one thread, so there are no locks.
 */
public final class Dispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Route root;
    private final NotificationPipeline pipeline;
    private final Inhibitor inhibitor;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread dispatch = new Thread(runnable, "alert-dispatch");
        dispatch.setDaemon(true);
        return dispatch;
    });
    private final Map<String, AggregationGroup> groups = new LinkedHashMap<>();
    private final Map<String, DispatchAlert> firing = new LinkedHashMap<>();

    public Dispatcher(Route root, NotificationPipeline pipeline, Inhibitor inhibitor, Clock clock) {
        this.root = root;
        this.pipeline = pipeline;
        this.inhibitor = inhibitor;
        this.clock = clock;
        // Pending group timers are dropped on close; a flush in progress finishes, never interrupted mid-transaction.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Takes the current firing alerts and newly resolved ones (endsAt set); returns at once. */
    public void accept(List<DispatchAlert> alerts) {
        List<DispatchAlert> copy = List.copyOf(alerts);
        thread.execute(() -> ingest(copy));
    }

    private void ingest(List<DispatchAlert> alerts) {
        for (DispatchAlert alert : alerts) {
            if (alert.isResolved()) {
                firing.remove(alert.fingerprint());
            } else {
                firing.put(alert.fingerprint(), alert);
            }
        }
        inhibitor.update(firing.values());
        for (DispatchAlert alert : alerts) {
            for (Route route : root.match(alert.labels())) {
                Map<String, String> groupLabels = route.groupBy().apply(alert.labels());
                String key = route.key() + ":" + format(groupLabels);
                AggregationGroup group = groups.computeIfAbsent(key, k -> new AggregationGroup(route, k, groupLabels));
                group.put(alert);
                if (!group.hasFlushScheduled()) {
                    // An alert that started longer than group_wait ago (e.g. after a restart) goes out at once.
                    Duration wait = alert.startsAt().plus(route.timing().groupWait()).isBefore(clock.instant())
                            ? Duration.ZERO : route.timing().groupWait();
                    schedule(group, wait);
                }
            }
        }
    }

    private void schedule(AggregationGroup group, Duration delay) {
        group.scheduled(thread.schedule(() -> flush(group), delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    private void flush(AggregationGroup group) {
        List<DispatchAlert> snapshot = group.snapshot();
        Instant now = clock.instant();
        try {
            pipeline.flush(new FlushContext(group.route(), group.key(), group.groupLabels(), now), snapshot);
            group.removeFlushedResolved(snapshot);
        } catch (RuntimeException e) {
            LOG.warn("flushing group {} failed; trying again in {}", group.key(), group.route().timing().groupInterval(), e);
        }
        if (group.isEmpty()) {
            groups.remove(group.key());
            return;
        }
        schedule(group, group.route().timing().groupInterval());
    }

    /** Alertmanager's label-set notation, used in group keys: {@code {job="cdc",table="orders"}}. */
    static String format(Map<String, String> labels) {
        return labels.entrySet().stream().map(pair -> pair.getKey() + "=\"" + pair.getValue().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
