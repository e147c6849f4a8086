package dev.cdcwatch.job.probe;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** One daemon thread running a task at a fixed delay, beside the source reader; it never keeps the JVM alive. */
final class DaemonTicker implements AutoCloseable {

    private final ScheduledExecutorService thread;

    DaemonTicker(String threadName) {
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, threadName);
            daemon.setDaemon(true);
            return daemon;
        });
    }

    void start(Runnable task, long delayMillis) {
        thread.scheduleWithFixedDelay(task, 0, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
