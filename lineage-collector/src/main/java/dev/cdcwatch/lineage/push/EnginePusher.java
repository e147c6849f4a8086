package dev.cdcwatch.lineage.push;

import dev.cdcwatch.catalog.metrics.Labels;
import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.catalog.wire.ReporterIdentity;
import dev.cdcwatch.catalog.wire.WireSample;
import dev.cdcwatch.lineage.config.StandaloneConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;

/**
 * Pushes each poll's samples to the engine's {@code /api/v1/push}, so the engine's rules alert on a
 * standalone collector's lag as on an embedded one's. One reporter identity per cluster, as the
 * embedded collector stores them, so a cluster whose samples stop goes stale on its own. Sending runs
 * on its own thread and only the latest poll per cluster waits: the poll loop never blocks, and a
 * failed push is not retried, the next poll's samples are the retry.
 */
public final class EnginePusher implements Consumer<List<WireSample>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EnginePusher.class);

    private final StandaloneConfig.Push target;
    private final String host;
    private final long startedAtMillis = System.currentTimeMillis();
    private final PushBatchCodec codec = new PushBatchCodec();
    private final HttpClient client;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cdc-watch-lineage-push");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, List<WireSample>> latestByCluster = new ConcurrentHashMap<>();
    private final AtomicBoolean sendQueued = new AtomicBoolean();
    private volatile boolean failing;

    public EnginePusher(StandaloneConfig.Push target, String host) {
        this.target = target;
        this.host = host;
        // HTTP/1.1, as the reporter pushes: the JDK client would otherwise ask each new connection to upgrade to h2c.
        this.client = HttpClient.newBuilder().connectTimeout(target.timeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Called on a poll thread: keeps the samples and wakes the sender, never waits for it. */
    @Override
    public void accept(List<WireSample> samples) {
        latestByCluster.putAll(samples.stream().collect(Collectors.groupingBy(sample -> sample.labels().getOrDefault(Labels.CLUSTER, ""))));
        if (sendQueued.compareAndSet(false, true)) {
            sender.execute(this::sendLatest);
        }
    }

    private void sendLatest() {
        sendQueued.set(false);
        for (String cluster : List.copyOf(latestByCluster.keySet())) {
            List<WireSample> samples = latestByCluster.remove(cluster);
            if (samples != null) {
                send(cluster, samples);
            }
        }
    }

    private void send(String cluster, List<WireSample> samples) {
        PushBatch batch = new PushBatch(PushBatch.CURRENT_VERSION, new ReporterIdentity("", host, "lineage/" + cluster, startedAtMillis),
                samples);
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Content-Type", PushBatchCodec.CONTENT_TYPE)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(codec.encode(batch))));
        target.token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        String problem;
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                if (failing) {
                    LOG.info("pushing lineage samples to {} works again", target.url());
                }
                failing = false;
                return;
            }
            problem = "HTTP " + response.statusCode() + ": " + response.body();
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // Logged once per outage; the next poll pushes fresher samples anyway.
        if (!failing) {
            LOG.warn("pushing lineage samples of cluster '{}' to {} failed ({}); the next poll's samples will be pushed", cluster,
                    target.url(), problem);
        }
        failing = true;
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(target.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
