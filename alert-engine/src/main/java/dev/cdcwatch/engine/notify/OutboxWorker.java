package dev.cdcwatch.engine.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Works off the outbox: every poll it takes the due entries, hands each integration its own batch
 * (one batch per integration at a time, so a slow receiver does not hold up the others) and records
 * the outcome: sent, retry later with backoff, or failed.
 */
public final class OutboxWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final int BATCH = 500;

    private final Outbox outbox;
    private final Map<String, Integration> integrations;
    private final DeliveryPolicy policy;
    private final NotifyMetrics metrics;
    private final DeliveryStatus status;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> pollAgain = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private final ExecutorService senders;

    public OutboxWorker(Outbox outbox, List<Integration> integrations, DeliveryPolicy policy, NotifyMetrics metrics, DeliveryStatus status,
                        Clock clock) {
        this.outbox = outbox;
        this.integrations = new LinkedHashMap<>();
        integrations.forEach(integration -> this.integrations.put(integration.name(), integration));
        this.policy = policy;
        this.metrics = metrics;
        this.status = status;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(daemon("outbox-poller"));
        this.senders = Executors.newFixedThreadPool(Math.max(1, Math.min(8, integrations.size())), daemon("outbox-sender"));
    }

    public void start() {
        long period = policy.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::pollSafely, 0, period, TimeUnit.MILLISECONDS);
    }

    /** Asks for a poll now, e.g. right after new entries were written. */
    public void wake() {
        try {
            poller.execute(this::pollSafely);
        } catch (RejectedExecutionException closing) {
            // closing: what is due goes out after the next start
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("outbox poll failed; will try again in {}", policy.pollInterval(), e);
        }
    }

    private void poll() {
        Instant now = clock.instant();
        for (String name : outbox.integrationsDue(now)) {
            Integration integration = integrations.get(name);
            if (integration == null) {
                outbox.due(name, now, BATCH).forEach(entry -> outbox.markFailed(entry.id(), now,
                        "integration '" + name + "' is no longer configured"));
            } else if (inFlight.add(name)) {
                // The entries are read under the in-flight guard, so no entry is ever sent by two batches.
                senders.execute(() -> {
                    try {
                        deliver(integration, outbox.due(name, clock.instant(), BATCH));
                    } catch (RuntimeException e) {
                        LOG.warn("{}: delivery round failed; entries stay pending", name, e);
                    } finally {
                        inFlight.remove(name);
                        if (pollAgain.remove(name)) {
                            wake();
                        }
                    }
                });
            } else {
                // A round is running and may have read the outbox before this entry was written: ask for another poll
                // when it ends (or now, if it ended meanwhile), instead of waiting for the next period.
                pollAgain.add(name);
                if (!inFlight.contains(name)) {
                    wake();
                }
            }
        }
        metrics.pending(outbox.pendingCount());
    }

    private void deliver(Integration integration, List<OutboxEntry> entries) {
        List<DeliveryOutcome> outcomes;
        try {
            outcomes = integration.deliver(entries);
        } catch (RuntimeException e) {
            LOG.warn("{}: delivery threw; entries stay pending", integration.name(), e);
            outcomes = entries.stream().<DeliveryOutcome>map(entry -> new DeliveryOutcome.Retry(String.valueOf(e), Duration.ZERO, false)).toList();
        }
        for (int i = 0; i < entries.size(); i++) {
            record(integration, entries.get(i), outcomes.get(i));
        }
    }

    private void record(Integration integration, OutboxEntry entry, DeliveryOutcome outcome) {
        Instant now = clock.instant();
        status.record(integration, outcome, now);
        if (outcome instanceof DeliveryOutcome.Delivered delivered) {
            outbox.markSent(entry.id(), now, delivered.note());
            metrics.sent(integration);
            if (delivered.combined()) {
                metrics.throttled(integration);
            }
        } else if (outcome instanceof DeliveryOutcome.Failed failed) {
            LOG.warn("{}: notification {} failed permanently: {}", integration.name(), entry.id(), failed.reason());
            outbox.markFailed(entry.id(), now, failed.reason());
            metrics.failed(integration);
        } else if (outcome instanceof DeliveryOutcome.Retry retry) {
            retryLater(integration, entry, retry, now);
        }
    }

    private void retryLater(Integration integration, OutboxEntry entry, DeliveryOutcome.Retry retry, Instant now) {
        if (now.isAfter(entry.createdAt().plus(policy.giveUpAfter()))) {
            outbox.markFailed(entry.id(), now, "gave up after " + policy.giveUpAfter() + ": " + retry.reason());
            metrics.failed(integration);
            return;
        }
        Duration wait = policy.backoff(entry.attempts());
        if (retry.notBefore().compareTo(wait) > 0) {
            wait = retry.notBefore();
        }
        outbox.markRetry(entry.id(), now.plus(wait), retry.reason());
        metrics.retried(integration);
        if (retry.throttled()) {
            metrics.throttled(integration);
        }
    }

    @Override
    public void close() {
        // No interrupts: a sender finishes its request (bounded by the integration's timeout) and records the outcome.
        poller.shutdown();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
            senders.shutdown();
            senders.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
