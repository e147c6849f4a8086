package dev.cdcwatch.engine.notify.webhook;

import dev.cdcwatch.testkit.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** Debian's Alertmanager 0.25 as a peer: the reference for the webhook payload. Clustering is off, so it sends at once. */
final class AlertmanagerProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private AlertmanagerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static AlertmanagerProcess start(Path directory, String configYaml, String externalUrl) {
        try {
            Path config = Files.writeString(directory.resolve("alertmanager.yml"), configYaml);
            int port = FreePorts.find();
            Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                    "--storage.path=" + Files.createDirectories(directory.resolve("am-data")),
                    "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=", "--web.external-url=" + externalUrl)
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("alertmanager.log").toFile())
                    .start();
            AlertmanagerProcess alertmanager = new AlertmanagerProcess(process, port);
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(() -> alertmanager.get("/-/ready") == 200);
            return alertmanager;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
    }

    private int get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** POST /api/v2/alerts, as Prometheus does. */
    void postAlerts(String alertsJson) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alertsJson)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Alertmanager refused the alerts: " + response.statusCode() + " " + response.body());
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
