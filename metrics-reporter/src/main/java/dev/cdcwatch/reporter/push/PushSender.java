package dev.cdcwatch.reporter.push;

import dev.cdcwatch.reporter.config.ReporterOptions;
import dev.cdcwatch.reporter.health.ReporterHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends buffered batches to the engine, oldest first, on its own daemon thread. A batch that fails for a reason
 * that may pass (no connection, timeout, 408, 429, 5xx) goes back to the buffer and is retried after a backoff
 * that starts at min(push.interval, 1 s) and doubles up to push.backoff.max; a batch the engine rejects (other
 * 4xx) is discarded, since sending it again cannot help.
 */
final class PushSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);
    private static final Duration REJECTION_LOG_EVERY = Duration.ofMinutes(1);

    enum Outcome { OK, RETRY, REJECTED }

    private final ReporterOptions.Push options;
    private final PushBuffer buffer;
    private final ReporterHealth health;
    private final CountDownLatch closed;
    private final HttpClient client;
    private final String userAgent;
    private final Duration initialBackoff;

    private boolean failing;
    private long failuresSinceOk;
    private long droppedAtFirstFailure;
    private long lastRejectionLogNanos = System.nanoTime() - REJECTION_LOG_EVERY.toNanos();

    PushSender(ReporterOptions.Push options, PushBuffer buffer, ReporterHealth health, CountDownLatch closed, ExecutorService httpExecutor) {
        this.options = options;
        this.buffer = buffer;
        this.health = health;
        this.closed = closed;
        this.client = HttpClient.newBuilder()
                .connectTimeout(options.timeout())
                .version(HttpClient.Version.HTTP_1_1)
                .executor(httpExecutor)
                .build();
        this.userAgent = "cdc-watch-reporter/" + version();
        this.initialBackoff = options.interval().compareTo(Duration.ofSeconds(1)) < 0 ? options.interval() : Duration.ofSeconds(1);
    }

    @Override
    public void run() {
        Duration backoff = initialBackoff;
        try {
            while (closed.getCount() > 0) {
                EncodedBatch batch = buffer.take(200, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    continue;
                }
                Outcome outcome = send(batch);
                if (outcome == Outcome.RETRY) {
                    buffer.putBack(batch);
                    if (closed.await(jitter(backoff).toMillis(), TimeUnit.MILLISECONDS)) {
                        return;
                    }
                    backoff = backoff.multipliedBy(2).compareTo(options.backoffMax()) > 0 ? options.backoffMax() : backoff.multipliedBy(2);
                } else {
                    backoff = initialBackoff;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Outcome send(EncodedBatch batch) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(options.url())
                .timeout(options.timeout())
                .header("Content-Type", batch.contentType())
                .header("Content-Encoding", "gzip")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body()));
        options.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                health.pushSucceeded((System.nanoTime() - start) / 1e6);
                recovered();
                return Outcome.OK;
            }
            health.pushFailed();
            if (status == 408 || status == 425 || status == 429 || status >= 500) {
                failed("HTTP " + status);
                return Outcome.RETRY;
            }
            rejected(status, response.body());
            return Outcome.REJECTED;
        } catch (IOException e) {
            health.pushFailed();
            failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return Outcome.RETRY;
        }
    }

    private void failed(String reason) {
        failuresSinceOk++;
        if (!failing) {
            failing = true;
            droppedAtFirstFailure = health.batchesDropped();
            LOG.warn("cdc-watch reporter: push to {} failed ({}); retrying with backoff up to {} ms, keeping at most {} batches",
                    redacted(options.url()), reason, options.backoffMax().toMillis(), buffer.capacity());
        }
    }

    private void recovered() {
        if (failing) {
            LOG.info("cdc-watch reporter: push to {} works again after {} failed attempts; {} batches were dropped meanwhile",
                    redacted(options.url()), failuresSinceOk, health.batchesDropped() - droppedAtFirstFailure);
        }
        failing = false;
        failuresSinceOk = 0;
    }

    private void rejected(int status, String body) {
        long now = System.nanoTime();
        if (now - lastRejectionLogNanos >= REJECTION_LOG_EVERY.toNanos()) {
            lastRejectionLogNanos = now;
            String reason = body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "..." : body;
            LOG.warn("cdc-watch reporter: {} rejected a batch with HTTP {} ({}); the batch is discarded (logged at most once a minute)",
                    redacted(options.url()), status, reason);
        }
    }

    private static Duration jitter(Duration backoff) {
        long millis = backoff.toMillis();
        return Duration.ofMillis(millis - ThreadLocalRandom.current().nextLong(millis / 5 + 1));
    }

    static String redacted(URI url) {
        return url.getRawUserInfo() == null ? url.toString() : url.toString().replace(url.getRawUserInfo() + "@", "***@");
    }

    private static String version() {
        String version = PushSender.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
