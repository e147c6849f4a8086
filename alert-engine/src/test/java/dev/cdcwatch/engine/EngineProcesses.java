package dev.cdcwatch.engine;

import dev.cdcwatch.catalog.wire.PushBatch;
import dev.cdcwatch.catalog.wire.PushBatchCodec;
import dev.cdcwatch.testkit.FreePorts;
import dev.cdcwatch.testkit.TempDirs;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Engines run by their real main ({@link Main} with a config file) in JVMs of their own, as operators run
 * them, one after another on the same port and data directory, for tests that kill one with SIGKILL and
 * start the next. Register with {@code @RegisterExtension}; after each test every process and the reporter
 * are stopped and the directory is deleted.
 */
final class EngineProcesses implements BeforeEachCallback, AfterEachCallback {

    /** One engine process. */
    static final class Engine {

        private final Process process;

        private Engine(Process process) {
            this.process = process;
        }

        /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("exit status after SIGKILL").isEqualTo(128 + 9);
        }

        /** SIGTERM; true when the engine stopped gracefully within 15 s. */
        boolean stop() throws InterruptedException {
            process.destroy();
            return process.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private final List<Process> processes = new ArrayList<>();
    private final PushBatchCodec codec = new PushBatchCodec();
    private Path dir;
    private int port;
    private Path config;
    private Vertx vertx;
    private WebClient client;
    private ScheduledExecutorService reporter;

    @Override
    public void beforeEach(ExtensionContext context) {
        dir = TempDirs.create("cdcwatch-engine-process");
        port = FreePorts.find();
        vertx = Vertx.vertx();
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        reporter = Executors.newSingleThreadScheduledExecutor();
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        reporter.shutdownNow();
        for (Process process : processes) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        client.close();
        TestEngine.await(vertx.close());
        TempDirs.delete(dir);
    }

    /** Writes the config the engines start with: the test config, the rule file {@code rulesResource} and more YAML. */
    void configure(String rulesResource, String extraYaml) {
        try {
            config = Files.writeString(dir.resolve("engine.yaml"),
                    TestEngine.configYaml(dir.resolve("data"), port, rulesResource, extraYaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts an engine with its output in {@code <name>.log}; returns once it answers {@code /healthz}. */
    Engine start(String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--config", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log(name).toFile());
        // These tests are about restarts and deliveries, not staleness: one late push on a loaded machine must not make
        // the reporter's series stale and resolve its alerts.
        builder.environment().put("CDCWATCH_INGEST_MIN_STALE_AFTER", "1m");
        Process process = builder.start();
        processes.add(process);
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> process.isAlive() && TestEngine.await(client.get("/healthz").send()).statusCode() == 200);
        return new Engine(process);
    }

    Path log(String name) {
        return dir.resolve(name + ".log");
    }

    /** The test's directory; the engines' {@code data-dir} is {@code data} in it. */
    Path dir() {
        return dir;
    }

    int port() {
        return port;
    }

    /**
     * Pushes a batch from {@code batch} every {@code period} until the test ends, to whichever engine is up;
     * a push while none is up is lost, as a reporter's would be.
     */
    void reportEvery(Duration period, Supplier<PushBatch> batch) {
        reporter.scheduleWithFixedDelay(() -> {
            try {
                TestEngine.await(client.post("/api/v1/push").bearerTokenAuthentication(TestEngine.INGEST_TOKEN)
                        .sendBuffer(Buffer.buffer(codec.encode(batch.get()))));
            } catch (RuntimeException engineDown) {
                // between a kill and the next start; the reporter pushes again next interval
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** GET {@code uri} from the running engine as JSON. */
    JsonObject getJson(String uri) {
        return TestEngine.await(client.get(uri).send()).bodyAsJsonObject();
    }
}
