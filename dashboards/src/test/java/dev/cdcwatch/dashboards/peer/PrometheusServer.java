package dev.cdcwatch.dashboards.peer;

import dev.cdcwatch.dashboards.prometheus.PrometheusClient;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) on 127.0.0.1 with its own data
 * directory, scraping the given targets every second as the cdc-watch reporters' scrape job does.
 */
final class PrometheusServer implements AutoCloseable {

    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    private static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final Path dir;
    private final URI url;

    private PrometheusServer(Process process, Path dir, URI url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    /** @param targets {@code host:port} of every reporter to scrape */
    static PrometheusServer start(List<String> targets) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: install Debian's prometheus package");
        }
        Path dir = TempDirs.create("cdcwatch-prometheus");
        Process process = null;
        try {
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: %1$ds
                      evaluation_interval: %1$ds
                    scrape_configs:
                      - job_name: cdcwatch-flink
                        honor_labels: true
                        static_configs:
                          - targets: [%2$s]
                    """.formatted(SCRAPE_INTERVAL.toSeconds(),
                    targets.stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "))));
            int port = FreePorts.find();
            process = new ProcessBuilder(BINARY.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            URI url = URI.create("http://127.0.0.1:" + port);
            PrometheusServer server = new PrometheusServer(process, dir, url);
            server.awaitReady();
            return server;
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            String log = readLog(dir);
            TempDirs.delete(dir);
            throw new IllegalStateException("Prometheus did not start: " + e.getMessage() + "\n" + log, e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue());
            }
            try {
                return http.send(HttpRequest.newBuilder(url.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200;
            } catch (IOException e) {
                return false;
            }
        });
    }

    URI url() {
        return url;
    }

    PrometheusClient client() {
        return new PrometheusClient(url);
    }

    /** Prometheus's own log, for failure messages. */
    String log() {
        return readLog(dir);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static String readLog(Path dir) {
        try {
            Path log = dir.resolve("prometheus.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
