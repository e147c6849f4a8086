package dev.cdcwatch.reporter.push;

import dev.cdcwatch.reporter.config.ReporterOptions;
import dev.cdcwatch.reporter.health.ReporterHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Sends buffered batches to the engine, oldest first, on its own daemon thread. A batch that fails for a reason
 * that may pass (no connection, timeout, 408, 429, 5xx) goes back to the buffer and is retried after a backoff
 * that starts at min(push.interval, 1 s) and doubles up to push.backoff.max; a batch the engine rejects (other
 * 4xx) is discarded, since sending it again cannot help.
 *
 * <p>Sends with the JDK's blocking {@link HttpURLConnection} on this thread, as Flink's PushGateway reporter does,
 * not with {@code java.net.http.HttpClient}: that client's selector thread, executor and future chains kept the
 * TaskManager's JIT compiling for minutes, and the job lost throughput to it (about 1 point over 12 benchmark
 * sessions, more in long ones; BENCHMARKS.md).
 */
final class PushSender implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PushSender.class);
    private static final Duration REJECTION_LOG_EVERY = Duration.ofMinutes(1);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    enum Outcome { OK, RETRY, REJECTED }

    private final ReporterOptions.Push options;
    private final PushBuffer buffer;
    private final ReporterHealth health;
    private final CountDownLatch closed;
    private final URL url;
    private final String userAgent;
    private final Duration initialBackoff;

    private boolean failing;
    private long failuresSinceOk;
    private long droppedAtFirstFailure;
    private long lastRejectionLogNanos = System.nanoTime() - REJECTION_LOG_EVERY.toNanos();

    PushSender(ReporterOptions.Push options, PushBuffer buffer, ReporterHealth health, CountDownLatch closed) {
        this.options = options;
        this.buffer = buffer;
        this.health = health;
        this.closed = closed;
        try {
            this.url = options.url().toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException("push.url " + redacted(options.url()) + " is not a URL: " + e.getMessage(), e);
        }
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

    Outcome send(EncodedBatch batch) {
        long start = System.nanoTime();
        try {
            Answer answer = post(batch);
            int status = answer.status();
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
            rejected(status, answer.body());
            return Outcome.REJECTED;
        } catch (IOException e) {
            health.pushFailed();
            failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return Outcome.RETRY;
        }
    }

    private record Answer(int status, String body) {
    }

    /** POSTs the batch and reads its answer (up to 64 KiB), so that the connection can go back to the JDK's keep-alive cache. */
    private Answer post(EncodedBatch batch) throws IOException {
        // No proxy: the engine is a service of the platform, as with java.net.http's default.
        HttpURLConnection connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        connection.setConnectTimeout((int) options.timeout().toMillis());
        connection.setReadTimeout((int) options.timeout().toMillis());
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setFixedLengthStreamingMode(batch.body().length);
        connection.setRequestProperty("Content-Type", batch.contentType());
        connection.setRequestProperty("Content-Encoding", "gzip");
        connection.setRequestProperty("User-Agent", userAgent);
        options.token().ifPresent(token -> connection.setRequestProperty("Authorization", "Bearer " + token));
        try {
            try (OutputStream body = connection.getOutputStream()) {
                body.write(batch.body());
            }
            int status = connection.getResponseCode();
            try (InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                // Bounded: only a rejection's reason is kept (and logged cut to 300 characters).
                byte[] text = answer == null ? new byte[0] : answer.readNBytes(MAX_ANSWER_BYTES);
                return new Answer(status, new String(text, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            connection.disconnect();
            throw e;
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
