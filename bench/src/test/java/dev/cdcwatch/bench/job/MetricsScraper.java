package dev.cdcwatch.bench.job;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Plays Prometheus: GETs the reporter's {@code /metrics} every {@code interval}, asking for gzip as Prometheus does. */
final class MetricsScraper implements AutoCloseable {

    private final URI uri;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-scraper");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong scrapes = new AtomicLong();

    private MetricsScraper(int port) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
    }

    static MetricsScraper start(int port, Duration interval) {
        MetricsScraper scraper = new MetricsScraper(port);
        scraper.timer.scheduleAtFixedRate(scraper::scrape, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return scraper;
    }

    private void scrape() {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestProperty("Accept-Encoding", "gzip");
            connection.setConnectTimeout(5_000);
            connection.setReadTimeout(10_000);
            try (InputStream body = connection.getInputStream()) {
                body.readAllBytes();
            }
            if (connection.getResponseCode() == 200) {
                scrapes.incrementAndGet();
            }
        } catch (IOException e) {
            // Not answered: not counted.
        }
    }

    /** Scrapes answered with 200 so far. */
    long scrapes() {
        return scrapes.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
